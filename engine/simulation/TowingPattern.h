#pragma once

#include "Beach.h"

#include <QtGlobal>

namespace airdisplay {

// Where a towing plane is along its pattern.
struct AircraftFix
{
    double latitude;
    double longitude;
    double heading; // degrees from north, direction of travel
};

// The racetrack a banner plane flies along a beach: two straight legs parallel to the shore, a few
// hundred metres out to sea, joined by half-circle turns. Position is a closed-form function of the
// distance flown, so a fix for any time is exact and costs the same however long the flight.
class TowingPattern
{
public:
    // legLength and offshore in metres; turnRadius in metres.
    TowingPattern(const Beach &beach, double legLengthM = 5000, double offshoreM = 400,
                  double turnRadiusM = 350, double phaseM = 0);

    // Fix after flying `distanceM` metres from the start of the pattern.
    AircraftFix fixAt(double distanceM) const;
    double circuitLengthM() const;

private:
    double m_centerLat;
    double m_centerLon;
    double m_shoreBearing;
    double m_legLength;
    double m_turnRadius;
    double m_phase;
};

} // namespace airdisplay
