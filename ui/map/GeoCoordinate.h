#pragma once

namespace airdisplay {

// A position on the WGS 84 ellipsoid in degrees. Qt Positioning's QGeoCoordinate would pull in a module
// the map needs nothing else from.
struct GeoCoordinate
{
    double lat = 0.0;
    double lon = 0.0;
};

} // namespace airdisplay
