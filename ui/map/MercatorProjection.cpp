#include "MercatorProjection.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace airdisplay {

QPointF MercatorProjection::project(double lat, double lon)
{
    const double phi = std::clamp(lat, -MaxLatitude, MaxLatitude) * std::numbers::pi / 180.0;
    const double x = (lon + 180.0) / 360.0;
    const double y = 0.5 - std::log(std::tan(std::numbers::pi / 4.0 + phi / 2.0)) / (2.0 * std::numbers::pi);
    return {x, y};
}

GeoCoordinate MercatorProjection::unproject(const QPointF &world)
{
    const double lon = world.x() * 360.0 - 180.0;
    const double lat = std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * world.y()))) * 180.0 / std::numbers::pi;
    return {lat, lon};
}

double MercatorProjection::metresPerWorldUnit(double lat)
{
    return 2.0 * std::numbers::pi * EarthRadiusMetres * std::cos(lat * std::numbers::pi / 180.0);
}

} // namespace airdisplay
