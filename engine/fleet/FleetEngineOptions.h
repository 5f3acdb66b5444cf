#pragma once

#include "ActorSystemConfig.h"
#include "Clock.h"
#include "FleetPolicy.h"
#include "StoreOptions.h"

#include <chrono>

namespace airdisplay {

struct FleetEngineOptions
{
    FleetPolicy policy;
    ActorSystemConfig actors;
    StoreOptions store;
    // Display times and reminders follow this clock; tests inject one they move by hand.
    Clock clock = systemClock();
    // How often buffered telemetry is written.
    std::chrono::milliseconds telemetryFlushInterval = std::chrono::seconds(5);
    // How often request ids older than the policy's retention are deleted from the store.
    std::chrono::milliseconds requestExpiryInterval = std::chrono::minutes(1);
    // Reminders due within this window are held in memory by the scheduler.
    std::chrono::milliseconds reminderWindow = std::chrono::minutes(1);
};

} // namespace airdisplay
