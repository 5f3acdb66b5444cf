#pragma once

#include "BannerStatus.h"

#include <QString>

namespace airdisplay {

// One banner as the map and the gateway see it: registry, telemetry and what it shows.
struct FleetIndexEntry
{
    qint64 id = 0;
    QString callsign;
    double latitude = 0;
    double longitude = 0;
    float headingDeg = 0;
    float speedKnots = 0;
    float altitudeFt = 0;
    float batteryPercent = 0;
    qint64 lastSeenMs = 0; // last telemetry or connection; 0: never heard from
    qint64 currentMessageId = 0;
    QString currentText;
    int queueLength = 0;
    BannerStatus status = BannerStatus::Offline;
    bool linkUp = false;
    bool paused = false;
    bool hasPosition = false;
};

} // namespace airdisplay
