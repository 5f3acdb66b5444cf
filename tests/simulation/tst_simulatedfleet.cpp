#include "FleetEngine.h"
#include "FleetIndex.h"
#include "SimulatedFleet.h"

#include <QtTest>

using namespace airdisplay;
using namespace std::chrono_literals;

// The in-process simulated fleet against a real FleetEngine on a real SQLite file.
class tst_SimulatedFleet : public QObject
{
    Q_OBJECT

private:
    static FleetEngineOptions engineOptions()
    {
        FleetEngineOptions options;
        options.policy.displayDurationMs = 1000;
        options.actors.workers = 2;
        return options;
    }

private slots:
    void devicesFlyShowAndConfirm()
    {
        QTemporaryDir dir;
        FleetEngine engine(engineOptions());
        QVERIFY(!engine.open(dir.filePath(QStringLiteral("fleet.sqlite"))).isError());

        SimulationOptions options;
        options.banners = 20;
        options.telemetryInterval = 100ms;
        options.confirmDelay = 50ms;
        SimulatedFleet fleet(&engine, options);
        QSignalSpy started(&fleet, &SimulatedFleet::started);
        fleet.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 20000);
        QCOMPARE(fleet.connectedCount(), 20);
        QCOMPARE(engine.fleetIndex().size(), 20);

        // Telemetry reaches the index: every banner has a position near its beach, and moves.
        QTRY_VERIFY_WITH_TIMEOUT(engine.fleetIndex().find(1).value_or(FleetIndexEntry{}).hasPosition, 5000);
        const FleetIndexEntry first = *engine.fleetIndex().find(1);
        QTRY_VERIFY_WITH_TIMEOUT(engine.fleetIndex().find(1)->latitude != first.latitude
                                     || engine.fleetIndex().find(1)->longitude != first.longitude, 5000);
        QVERIFY(first.speedKnots >= 45 && first.speedKnots <= 60);
        QVERIFY(first.linkUp);

        // A submission is shown by the device, confirmed, and then ends after its display time.
        FleetResult submitted = engine.execute(3, command::Submit{QStringLiteral("HELLO FROM THE TEST"), QStringLiteral("r-1")}, QStringLiteral("tester")).result();
        QVERIFY2(submitted.ok(), qPrintable(submitted.error.message()));
        QTRY_COMPARE_WITH_TIMEOUT(fleet.device(2).showing().value_or(0), submitted.messageId, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.fleetIndex().find(3)->currentText, QStringLiteral("HELLO FROM THE TEST"), 5000);
        QVERIFY(fleet.displayedConfirmations() >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(engine.fleetIndex().find(3)->currentMessageId, 0, 10000);
        fleet.stop();
    }

    void customersSubmitAndLinksRecover()
    {
        QTemporaryDir dir;
        FleetEngine engine(engineOptions());
        QVERIFY(!engine.open(dir.filePath(QStringLiteral("fleet.sqlite"))).isError());
        SimulationOptions options;
        options.banners = 30;
        options.telemetryInterval = 50ms;
        options.confirmDelay = 20ms;
        options.submissionsPerSecond = 200;
        options.linkDropProbability = 0.05;
        SimulatedFleet fleet(&engine, options);
        QSignalSpy started(&fleet, &SimulatedFleet::started);
        fleet.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(fleet.customerStats().acknowledgedCount() >= 100, 20000);
        fleet.stop();
        // Drops happened and devices came back: all of them reconnect once faults stop.
        QTRY_VERIFY_WITH_TIMEOUT(fleet.customerStats().sentCount()
                                     == fleet.customerStats().acknowledgedCount()
                                            + [&] { qint64 n = 0; for (qint64 v : fleet.customerStats().errors()) n += v; return n; }(),
                                 10000);
        const QString summary = fleet.customerStats().summary();
        QVERIFY2(summary.contains(QStringLiteral("p99")), qPrintable(summary));
        QVERIFY(fleet.customerStats().latencyUs(0.5) > 0);
    }
};

QTEST_GUILESS_MAIN(tst_SimulatedFleet)
#include "tst_simulatedfleet.moc"
