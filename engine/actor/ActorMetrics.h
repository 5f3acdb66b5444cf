#pragma once

#include "TurnHistogram.h"

#include <QtGlobal>

#include <array>

namespace airdisplay {

// A consistent-enough snapshot of the runtime's counters, summed over workers. Taken from any
// thread without stopping anything; each figure is exact for its own worker at the instant read.
struct ActorMetrics
{
    quint64 messagesHandled = 0;
    quint64 mailboxDepth = 0;
    quint64 residentActors = 0;
    quint64 activations = 0;
    quint64 deactivations = 0;
    quint64 resets = 0;          // actors discarded after a handler threw
    quint64 failedMessages = 0;  // messages that could not be handled (threw, unknown type, shutdown)
    quint64 timersPending = 0;
    std::array<quint64, TurnHistogram::BucketCount> turnTimeNs{};

    quint64 turns() const;
    // Upper bound of the bucket holding the given quantile (0..1), in nanoseconds; 0 with no turns.
    qint64 turnTimeQuantileNs(double quantile) const;
};

} // namespace airdisplay
