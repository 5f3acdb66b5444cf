#include "BeachCatalog.h"
#include "SimulatedAircraft.h"
#include "TowingPattern.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace airdisplay;

namespace {
double distanceM(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6'371'000.0;
    const double p1 = lat1 * std::numbers::pi / 180, p2 = lat2 * std::numbers::pi / 180;
    const double dp = p2 - p1, dl = (lon2 - lon1) * std::numbers::pi / 180;
    const double a = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * r * std::asin(std::sqrt(a));
}

double bearingDeg(double lat1, double lon1, double lat2, double lon2)
{
    const double p1 = lat1 * std::numbers::pi / 180, p2 = lat2 * std::numbers::pi / 180;
    const double dl = (lon2 - lon1) * std::numbers::pi / 180;
    const double y = std::sin(dl) * std::cos(p2);
    const double x = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
    const double b = std::atan2(y, x) * 180 / std::numbers::pi;
    return b < 0 ? b + 360 : b;
}

double angleBetween(double a, double b)
{
    const double d = std::fmod(std::abs(a - b), 360.0);
    return d > 180 ? 360 - d : d;
}
} // namespace

class tst_TowingPattern : public QObject
{
    Q_OBJECT

private slots:
    void catalogHasFiftyRealBeaches()
    {
        const QList<Beach> &beaches = BeachCatalog::all();
        QVERIFY(beaches.size() >= 50);
        QSet<QString> names;
        for (const Beach &b : beaches) {
            QVERIFY2(std::abs(b.latitude) <= 70 && std::abs(b.longitude) <= 180, qPrintable(b.name));
            QCOMPARE(b.country.size(), 2);
            // The sea is to one side of the shore, not along it.
            QVERIFY2(std::abs(angleBetween(b.shoreBearing, b.seaBearing) - 90) < 1, qPrintable(b.name));
            names.insert(b.name);
        }
        QCOMPARE(names.size(), beaches.size());
    }

    // The plane stays near its beach, out over the sea, and flies the way it heads.
    void patternStaysOffshoreAndHeadsWhereItGoes()
    {
        const Beach beach = BeachCatalog::all().first(); // Miami Beach, sea to the east
        TowingPattern pattern(beach, 5000, 400, 350);
        const double circuit = pattern.circuitLengthM();
        QVERIFY(std::abs(circuit - (10000 + 2 * std::numbers::pi * 350)) < 1e-6);
        for (double d = 0; d < circuit; d += 50) {
            const AircraftFix a = pattern.fixAt(d);
            const AircraftFix b = pattern.fixAt(d + 10);
            QVERIFY(distanceM(beach.latitude, beach.longitude, a.latitude, a.longitude) < 4000);
            // East of the beach front, i.e. over the sea.
            QVERIFY(a.longitude > beach.longitude);
            const double moved = distanceM(a.latitude, a.longitude, b.latitude, b.longitude);
            QVERIFY2(std::abs(moved - 10) < 0.5, qPrintable(QString::number(moved)));
            QVERIFY2(angleBetween(a.heading, bearingDeg(a.latitude, a.longitude, b.latitude, b.longitude)) < 3,
                     qPrintable(QStringLiteral("at %1 m heading %2").arg(d).arg(a.heading)));
        }
        // Closed circuit.
        const AircraftFix start = pattern.fixAt(0);
        const AircraftFix again = pattern.fixAt(circuit);
        QVERIFY(distanceM(start.latitude, start.longitude, again.latitude, again.longitude) < 0.01);
    }

    void aircraftFliesAtTowingSpeedAndAltitudeAndDrainsItsBattery()
    {
        for (quint64 seed = 1; seed <= 20; ++seed) {
            const Beach &beach = BeachCatalog::all().at(int(seed) % BeachCatalog::all().size());
            SimulatedAircraft plane(beach, seed, 0);
            QVERIFY(plane.speedKnots() >= 45 && plane.speedKnots() <= 60);
            const AircraftTelemetry t0 = plane.telemetryAt(10'000);
            const AircraftTelemetry t1 = plane.telemetryAt(11'000);
            QVERIFY(t0.altitudeFt >= 950 && t0.altitudeFt <= 1550);
            // One second at 45-60 knots is 23-31 m along the track (slightly less across a turn).
            const double moved = distanceM(t0.latitude, t0.longitude, t1.latitude, t1.longitude);
            QVERIFY2(moved > 20 && moved < 32, qPrintable(QString::number(moved)));
            const AircraftTelemetry later = plane.telemetryAt(10'000 + 30 * 60'000);
            QVERIFY(later.batteryPercent < t0.batteryPercent || later.batteryPercent > 94);
            QVERIFY(later.batteryPercent >= 5 && later.batteryPercent <= 100);
        }
    }
};

QTEST_GUILESS_MAIN(tst_TowingPattern)
#include "tst_towingpattern.moc"
