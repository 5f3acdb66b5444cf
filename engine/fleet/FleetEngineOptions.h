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
    // Reminders due within this window are held in memory by the scheduler.
    std::chrono::milliseconds reminderWindow = std::chrono::minutes(1);
};

} // namespace airdisplay
