#pragma once

#include "GeoCoordinate.h"
#include "MapBanner.h"

namespace airdisplay {

// Where a banner probably is now, from its last fix, speed and heading. Telemetry arrives every few
// seconds; without this the planes would jump instead of fly.
class DeadReckoning
{
public:
    // Beyond this the fix says little about where the plane is; it stays where it was last seen.
    static constexpr qint64 MaxExtrapolationMs = 120'000;
    static constexpr double MetresPerNauticalMile = 1852.0;

    static GeoCoordinate position(const MapBanner &banner, qint64 nowMs);
    // The farthest any banner can have moved from its fix, for widening spatial queries.
    static double maxDriftMetres(float maxSpeedKnots);
};

} // namespace airdisplay
