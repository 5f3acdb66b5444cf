#include "SimulatedAircraft.h"

#include <cmath>
#include <random>

namespace airdisplay {

namespace {
constexpr double MetresPerNauticalMile = 1852.0;
// The banner's display pack is swapped on the ground when it runs low; the simulation models the
// swap as an instant recharge so a long demo does not end with a dead fleet.
constexpr double BatterySwapBelow = 5.0;
} // namespace

SimulatedAircraft::SimulatedAircraft(const Beach &beach, quint64 seed, qint64 startMs)
    : m_beach(beach),
      m_pattern(beach, std::mt19937_64(seed)() % 3000 + 3500, 300 + double(seed % 300), 350,
                double(std::mt19937_64(seed ^ 0x5bd1e995)() % 10'000)),
      m_startMs(startMs)
{
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + 1);
    std::uniform_real_distribution<double> speed(45.0, 60.0);
    std::uniform_real_distribution<double> altitude(1000.0, 1500.0);
    std::uniform_real_distribution<double> drain(8.0, 15.0);
    std::uniform_real_distribution<double> battery(60.0, 100.0);
    m_speedKnots = speed(rng);
    m_altitudeFt = altitude(rng);
    m_batteryDrainPerHour = drain(rng);
    m_batteryAtStart = battery(rng);
}

AircraftTelemetry SimulatedAircraft::telemetryAt(qint64 nowMs) const
{
    const double hours = double(nowMs - m_startMs) / 3'600'000.0;
    const double flownM = m_speedKnots * MetresPerNauticalMile * hours;
    const AircraftFix fix = m_pattern.fixAt(flownM);

    AircraftTelemetry t;
    t.latitude = fix.latitude;
    t.longitude = fix.longitude;
    t.heading = fix.heading;
    t.speedKnots = m_speedKnots;
    // A gentle porpoise of +-40 ft over a circuit, as towing planes hold altitude by hand.
    t.altitudeFt = m_altitudeFt + 40.0 * std::sin(flownM / m_pattern.circuitLengthM() * 2 * 3.141592653589793);
    const double usable = 100.0 - BatterySwapBelow;
    const double drained = m_batteryDrainPerHour * hours + (100.0 - m_batteryAtStart);
    t.batteryPercent = 100.0 - std::fmod(std::max(0.0, drained), usable);
    t.atMs = nowMs;
    return t;
}

} // namespace airdisplay
