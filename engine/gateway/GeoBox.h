#pragma once

namespace airdisplay {

// A latitude/longitude rectangle in degrees. minLon > maxLon means the box crosses the
// antimeridian (e.g. 170 .. -170).
struct GeoBox
{
    double minLat = -90;
    double minLon = -180;
    double maxLat = 90;
    double maxLon = 180;

    bool contains(double lat, double lon) const
    {
        if (lat < minLat || lat > maxLat)
            return false;
        if (minLon <= maxLon)
            return lon >= minLon && lon <= maxLon;
        return lon >= minLon || lon <= maxLon;
    }
};

} // namespace airdisplay
