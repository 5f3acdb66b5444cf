#pragma once

#include "ActorMetrics.h"
#include "StoreCounters.h"

namespace airdisplay {

// A point-in-time reading of the engine's counters (totals since open).
struct FleetMetrics
{
    quint64 accepted = 0;
    quint64 duplicates = 0;
    quint64 refused = 0;
    quint64 commits = 0;
    quint64 commitFailures = 0;
    quint64 activations = 0;
    quint64 eventsPublished = 0;
    quint64 remindersFired = 0;
    quint64 telemetryFlushed = 0;
    int registeredBanners = 0;
    int connectedDevices = 0;
    int subscribers = 0;
    ActorMetrics actors;
    StoreCounters store;
};

} // namespace airdisplay
