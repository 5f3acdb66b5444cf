#pragma once

#include "GeoCoordinate.h"

#include <QPointF>

namespace airdisplay {

// Spherical ("Web") Mercator in world units: the whole map is the unit square, x eastwards from the
// antimeridian, y southwards from 85.05° N. Screen transforms only scale and translate these.
class MercatorProjection
{
public:
    // The latitude at which the projected map is square.
    static constexpr double MaxLatitude = 85.05112877980659;
    static constexpr double EarthRadiusMetres = 6378137.0;

    static QPointF project(double lat, double lon);
    static QPointF project(const GeoCoordinate &coordinate) { return project(coordinate.lat, coordinate.lon); }
    static GeoCoordinate unproject(const QPointF &world);
    // Ground distance of one world unit at a latitude (the Mercator scale grows towards the poles).
    static double metresPerWorldUnit(double lat);
};

} // namespace airdisplay
