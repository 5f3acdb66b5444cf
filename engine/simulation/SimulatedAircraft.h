#pragma once

#include "AircraftTelemetry.h"
#include "TowingPattern.h"

#include <QtGlobal>

namespace airdisplay {

// A banner-towing plane: flies its beach's pattern at towing speed and altitude, with a battery
// that drains. Deterministic for a given seed, so tests and demos are repeatable.
class SimulatedAircraft
{
public:
    SimulatedAircraft(const Beach &beach, quint64 seed, qint64 startMs);

    AircraftTelemetry telemetryAt(qint64 nowMs) const;
    double speedKnots() const { return m_speedKnots; }
    const Beach &beach() const { return m_beach; }

private:
    Beach m_beach;
    TowingPattern m_pattern;
    double m_speedKnots;      // 45 to 60 knots
    double m_altitudeFt;      // 1,000 to 1,500 ft
    double m_batteryDrainPerHour;
    double m_batteryAtStart;
    qint64 m_startMs;
};

} // namespace airdisplay
