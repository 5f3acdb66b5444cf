#pragma once

#include <QtGlobal>

namespace airdisplay {

// What a banner device reports every second.
struct AircraftTelemetry
{
    double latitude = 0;
    double longitude = 0;
    double heading = 0;     // degrees from north
    double speedKnots = 0;
    double altitudeFt = 0;
    double batteryPercent = 0;
    qint64 atMs = 0;
};

} // namespace airdisplay
