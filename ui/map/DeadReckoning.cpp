#include "DeadReckoning.h"

#include "MercatorProjection.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace airdisplay {

GeoCoordinate DeadReckoning::position(const MapBanner &banner, qint64 nowMs)
{
    const qint64 elapsedMs = std::clamp<qint64>(nowMs - banner.lastSeenMs, 0, MaxExtrapolationMs);
    // An offline or stale banner's last course is not evidence that it still flies it.
    if (elapsedMs == 0 || banner.speedKnots <= 0.0f || banner.status == MapBannerStatus::Offline
        || banner.status == MapBannerStatus::Stale)
        return {banner.lat, banner.lon};
    const double distance = banner.speedKnots * MetresPerNauticalMile / 3600.0 * (elapsedMs / 1000.0);
    const double heading = banner.headingDeg * std::numbers::pi / 180.0;
    // Flat-earth step: over two minutes at banner-towing speeds the error is centimetres.
    const double dLat = distance * std::cos(heading) / MercatorProjection::EarthRadiusMetres;
    const double cosLat = std::max(1e-6, std::cos(banner.lat * std::numbers::pi / 180.0));
    const double dLon = distance * std::sin(heading) / (MercatorProjection::EarthRadiusMetres * cosLat);
    double lon = banner.lon + dLon * 180.0 / std::numbers::pi;
    lon = lon > 180.0 ? lon - 360.0 : (lon < -180.0 ? lon + 360.0 : lon);
    return {std::clamp(banner.lat + dLat * 180.0 / std::numbers::pi, -90.0, 90.0), lon};
}

double DeadReckoning::maxDriftMetres(float maxSpeedKnots)
{
    return maxSpeedKnots * MetresPerNauticalMile / 3600.0 * (MaxExtrapolationMs / 1000.0);
}

} // namespace airdisplay
