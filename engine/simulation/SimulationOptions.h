#pragma once

#include <QtGlobal>

#include <chrono>

namespace airdisplay {

struct SimulationOptions
{
    int banners = 100;
    qint64 firstBannerId = 1;
    std::chrono::milliseconds telemetryInterval{1000};
    // Telemetry records the whole fleet sends per second at most: a larger fleet reports less often
    // than telemetryInterval (a million banners every 20 s), so that the simulation does not take the
    // cores from the engine it feeds. Stays under the console's 30 s staleness.
    int maxTelemetryPerSecond = 50'000;
    // How long a display takes to light up before the device confirms it.
    std::chrono::milliseconds confirmDelay{400};
    // Fault: extra delay added to every confirmation.
    std::chrono::milliseconds extraConfirmDelay{0};
    // Fault: probability that a connected device loses its link at each telemetry tick.
    double linkDropProbability = 0.0;
    // Simulated customers: submissions per second across the fleet (0 = none).
    double submissionsPerSecond = 0.0;
    quint64 seed = 1;
};

} // namespace airdisplay
