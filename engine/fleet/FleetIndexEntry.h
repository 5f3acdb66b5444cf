#pragma once

#include "BannerStatus.h"
#include "BannerSummary.h"
#include "TelemetryRecord.h"

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

    void setSummary(const BannerSummary &summary)
    {
        status = summary.status;
        queueLength = summary.queueLength;
        currentMessageId = summary.currentMessageId;
        currentText = summary.currentText;
        paused = summary.paused;
        linkUp = summary.linkUp;
    }
    void setTelemetry(const TelemetryRecord &t)
    {
        latitude = t.latitude;
        longitude = t.longitude;
        headingDeg = float(t.headingDeg);
        speedKnots = float(t.speedKnots);
        altitudeFt = float(t.altitudeFt);
        batteryPercent = float(t.batteryPercent);
        hasPosition = true;
        lastSeenMs = qMax(lastSeenMs, t.atMs);
    }
};

} // namespace airdisplay
