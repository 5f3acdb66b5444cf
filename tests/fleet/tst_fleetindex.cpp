#include "FleetIndex.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace airdisplay;

class tst_FleetIndex : public QObject
{
    Q_OBJECT

private slots:
    void registrySummaryAndTelemetry()
    {
        FleetIndex index;
        QVERIFY(index.addBanner(1, QStringLiteral("AD-1")));
        QVERIFY(!index.addBanner(1, QStringLiteral("again")));
        QVERIFY(index.contains(1));
        QVERIFY(!index.contains(2));
        QCOMPARE(index.size(), 1);
        BannerSummary summary;
        summary.status = BannerStatus::Displaying;
        summary.queueLength = 3;
        summary.currentMessageId = 99;
        summary.currentText = QStringLiteral("hello");
        summary.linkUp = true;
        index.updateSummary(1, summary);
        index.updateTelemetry({1, 48.1, 11.5, 270, 85, 1200, 64, 1000});
        index.updateTelemetry({2, 1, 1, 1, 1, 1, 1, 1000}); // not registered: ignored
        const FleetIndexEntry e = *index.find(1);
        QCOMPARE(e.callsign, QStringLiteral("AD-1"));
        QCOMPARE(e.status, BannerStatus::Displaying);
        QCOMPARE(e.queueLength, 3);
        QCOMPARE(e.currentText, QStringLiteral("hello"));
        QCOMPARE(e.latitude, 48.1);
        QCOMPARE(e.headingDeg, 270.0f);
        QCOMPARE(e.lastSeenMs, 1000);
        QVERIFY(e.linkUp && e.hasPosition);
        QVERIFY(!index.find(2));
        // An older report does not move lastSeen back.
        index.markSeen(1, 500);
        QCOMPARE(index.find(1)->lastSeenMs, 1000);
    }

    void refreshCopiesOnlyWhatChanged()
    {
        FleetIndex index;
        for (int id = 1; id <= 10'000; ++id)
            index.addBanner(id, QStringLiteral("AD-%1").arg(id));
        FleetSnapshot snapshot;
        index.refresh(snapshot);
        QCOMPARE(snapshot.size(), 10'000);
        QCOMPARE(snapshot.lastCopied(), 10'000);
        index.refresh(snapshot);
        QCOMPARE(snapshot.lastCopied(), 0);
        for (int id = 1; id <= 100; ++id)
            index.updateTelemetry({id, double(id), 0, 0, 0, 0, 50, 1});
        index.addBanner(10'001, QStringLiteral("new"));
        index.refresh(snapshot);
        QCOMPARE(snapshot.lastCopied(), 101);
        QCOMPARE(snapshot.size(), 10'001);
        int withPosition = 0;
        snapshot.forEach([&](const FleetIndexEntry &e) {
            if (e.hasPosition) {
                ++withPosition;
                QCOMPARE(e.latitude, double(e.id));
            }
        });
        QCOMPARE(withPosition, 100);
    }

    // Readers take snapshots while writers update: every snapshot is internally consistent per
    // entry (a reader never sees half an update) and nobody waits long.
    void concurrentReadersAndWriters()
    {
        FleetIndex index;
        for (int id = 1; id <= 20'000; ++id)
            index.addBanner(id, QStringLiteral("AD-%1").arg(id));
        std::atomic<bool> stop{false};
        std::atomic<int> torn{0};
        std::vector<std::thread> writers;
        for (int w = 0; w < 2; ++w) {
            writers.emplace_back([&, w] {
                for (qint64 round = 1; !stop.load(); ++round) {
                    for (int id = 1 + w; id <= 20'000; id += 2) {
                        // Latitude and longitude always carry the same value in one update.
                        index.updateTelemetry({id, double(round), double(round), 0, 0, 0, 0, round});
                    }
                }
            });
        }
        FleetSnapshot snapshot;
        for (int i = 0; i < 50; ++i) {
            index.refresh(snapshot);
            snapshot.forEach([&](const FleetIndexEntry &e) {
                if (e.latitude != e.longitude)
                    torn.fetch_add(1);
            });
        }
        stop.store(true);
        for (auto &t : writers)
            t.join();
        QCOMPARE(torn.load(), 0);
        QCOMPARE(snapshot.size(), 20'000);
    }

    // What a 30 Hz GUI refresh costs with a million banners, a thirtieth of them changed per frame.
    // Timing is reported, not asserted: the machine is shared.
    void millionBannerRefreshCost()
    {
        constexpr int Banners = 1'000'000;
        FleetIndex index;
        QElapsedTimer timer;
        timer.start();
        for (int id = 1; id <= Banners; ++id)
            index.addBanner(id, QString());
        const qint64 addMs = timer.restart();
        FleetSnapshot snapshot;
        index.refresh(snapshot);
        const qint64 firstMs = timer.restart();
        // Ten frames, each after a thirtieth of the fleet reported (a report per banner per second).
        std::vector<qint64> frameNs;
        int copied = 0;
        for (int frame = 0; frame < 10; ++frame) {
            for (int id = 1 + frame; id <= Banners; id += 30)
                index.updateTelemetry({id, 1, 1, 0, 0, 0, 0, frame});
            timer.restart();
            index.refresh(snapshot);
            frameNs.push_back(timer.nsecsElapsed());
            copied = qMax(copied, snapshot.lastCopied());
        }
        std::sort(frameNs.begin(), frameNs.end());
        timer.restart();
        index.refresh(snapshot);
        const qint64 idleNs = timer.nsecsElapsed();
        qInfo("index: %d banners added in %lld ms; first refresh %lld ms; refresh with %d changed: min %.2f ms, "
              "median %.2f ms; idle refresh %.3f ms",
              Banners, addMs, firstMs, copied, frameNs.front() / 1e6, frameNs[frameNs.size() / 2] / 1e6, idleNs / 1e6);
        QCOMPARE(copied, (Banners + 29) / 30);
        QCOMPARE(snapshot.size(), Banners);
    }
};

QTEST_GUILESS_MAIN(tst_FleetIndex)
#include "tst_fleetindex.moc"
