#include "TowingPattern.h"

#include <cmath>
#include <numbers>

namespace airdisplay {

namespace {

constexpr double EarthRadiusM = 6'371'000.0;

double radians(double degrees)
{
    return degrees * std::numbers::pi / 180.0;
}

// Moves a point by (east, north) metres: a local tangent plane is accurate to centimetres over the
// few kilometres of a pattern.
void offset(double &lat, double &lon, double eastM, double northM)
{
    lat += northM / EarthRadiusM * 180.0 / std::numbers::pi;
    lon += eastM / (EarthRadiusM * std::cos(radians(lat))) * 180.0 / std::numbers::pi;
}

double normalizedBearing(double degrees)
{
    const double b = std::fmod(degrees, 360.0);
    return b < 0 ? b + 360.0 : b;
}

} // namespace

TowingPattern::TowingPattern(const Beach &beach, double legLengthM, double offshoreM, double turnRadiusM,
                             double phaseM)
    : m_centerLat(beach.latitude), m_centerLon(beach.longitude), m_shoreBearing(beach.shoreBearing),
      m_legLength(legLengthM), m_turnRadius(turnRadiusM), m_phase(phaseM)
{
    // The centre of the racetrack is out to sea by the offshore distance plus the turn radius, so
    // the inner leg runs `offshoreM` from the waterline.
    const double out = offshoreM + turnRadiusM;
    offset(m_centerLat, m_centerLon, out * std::sin(radians(beach.seaBearing)),
           out * std::cos(radians(beach.seaBearing)));
}

double TowingPattern::circuitLengthM() const
{
    return 2 * m_legLength + 2 * std::numbers::pi * m_turnRadius;
}

AircraftFix TowingPattern::fixAt(double distanceM) const
{
    const double circuit = circuitLengthM();
    double d = std::fmod(distanceM + m_phase, circuit);
    if (d < 0)
        d += circuit;

    // Pattern coordinates: x along the shore bearing, y to its right. Leg 1 runs +x at y = -R,
    // turn 1 around (+L/2, 0), leg 2 runs -x at y = +R, turn 2 around (-L/2, 0).
    const double half = m_legLength / 2;
    const double turn = std::numbers::pi * m_turnRadius;
    double x;
    double y;
    double track; // degrees relative to the shore bearing
    if (d < m_legLength) {
        x = -half + d;
        y = -m_turnRadius;
        track = 0;
    } else if (d < m_legLength + turn) {
        const double a = (d - m_legLength) / m_turnRadius; // 0..pi, turning right
        x = half + m_turnRadius * std::sin(a);
        y = -m_turnRadius * std::cos(a);
        track = a * 180.0 / std::numbers::pi;
    } else if (d < 2 * m_legLength + turn) {
        x = half - (d - m_legLength - turn);
        y = m_turnRadius;
        track = 180;
    } else {
        const double a = (d - 2 * m_legLength - turn) / m_turnRadius;
        x = -half - m_turnRadius * std::sin(a);
        y = m_turnRadius * std::cos(a);
        track = 180 + a * 180.0 / std::numbers::pi;
    }

    // Rotate pattern axes onto the map: x along the shore bearing, y 90 degrees clockwise of it.
    const double b = radians(m_shoreBearing);
    const double east = x * std::sin(b) + y * std::cos(b);
    const double north = x * std::cos(b) - y * std::sin(b);
    AircraftFix fix{m_centerLat, m_centerLon, normalizedBearing(m_shoreBearing + track)};
    offset(fix.latitude, fix.longitude, east, north);
    return fix;
}

} // namespace airdisplay
