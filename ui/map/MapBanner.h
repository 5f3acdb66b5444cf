#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace airdisplay {

// The map's own view of a banner's status. The order matches the engine's BannerStatus so the console
// can convert with a cast; Stale is the console's verdict on telemetry that stopped arriving.
enum class MapBannerStatus : quint8 {
    Idle,
    Queued,
    Displaying,
    PendingReview,
    Offline,
    Stale,
};
inline constexpr int MapBannerStatusCount = 6;

QString mapBannerStatusName(MapBannerStatus status);

// One banner as the map draws it. Kept flat (no pointers but the two implicitly shared strings) because
// the console hands over a million of them up to 30 times a second.
struct MapBanner
{
    quint64 id = 0;
    qint64 lastSeenMs = 0; // time of the position fix, ms since the epoch (UTC)
    float lat = 0.0f;
    float lon = 0.0f;
    float headingDeg = 0.0f; // true course, clockwise from north
    float speedKnots = 0.0f; // ground speed
    QString callsign;
    QString text; // what the banner is showing now; empty when blank
    MapBannerStatus status = MapBannerStatus::Idle;
    bool paused = false;          // a dispatcher paused its queue: it shows nothing new until resumed
    float batteryPercent = -1.0f; // last reported; negative when the device never reported it
};

// Below this a banner's device is drawn and alerted as low on battery: about 20 minutes of display
// left on the simulator's devices, time for a pilot to land.
inline constexpr float LowBatteryPercent = 20.0f;

inline bool isLowBattery(const MapBanner &banner)
{
    return banner.batteryPercent >= 0.0f && banner.batteryPercent < LowBatteryPercent;
}

// Immutable once handed to the map: the widget and its index builder read it from several threads.
using MapBannerSnapshot = std::shared_ptr<const std::vector<MapBanner>>;

} // namespace airdisplay
