#pragma once

#include <QtGlobal>

namespace airdisplay {

// The last known telemetry of one banner: soft state, persisted periodically in batches.
struct TelemetryRecord
{
    qint64 bannerId = 0;
    double latitude = 0;
    double longitude = 0;
    double headingDeg = 0;
    double speedKnots = 0;
    double altitudeFt = 0;
    double batteryPercent = 0;
    qint64 atMs = 0;
};

} // namespace airdisplay
