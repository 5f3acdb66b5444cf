// Settings -> Apply reopens the fleet. It crashed the console (a SIGSEGV in QTimer::start from
// FleetFeed::start) when applied while the demo fleet was flying. Here the console applies settings
// again and again under a live demo: while the fleet is loading, while the demo registers and
// connects its banners, while commands are in flight, and once it flies; and it is destroyed
// while opening. AIRDISPLAY_APPLY_ROUNDS and AIRDISPLAY_APPLY_BANNERS size it (the run:
// 200 rounds under 10,000 banners).
#include "ConsoleSettings.h"
#include "DispatcherActions.h"
#include "FleetEngine.h"
#include "FleetSession.h"
#include "MainWindow.h"

#include <QApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace airdisplay;

namespace {

int fromEnvironment(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

ConsoleSettings consoleOn(const QString &database, int demoBanners)
{
    ConsoleSettings settings;
    settings.database = database;
    settings.listenAddress.clear(); // no gateway: tests must not fight over a port
    settings.demoFleetSize = demoBanners;
    return settings;
}

} // namespace

class tst_SettingsApply : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AirDisplayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_settingsapply"));
        QSettings().clear();
    }

    void applyAgainAndAgainUnderALiveDemo()
    {
        const int rounds = fromEnvironment("AIRDISPLAY_APPLY_ROUNDS", 60);
        const int banners = fromEnvironment("AIRDISPLAY_APPLY_BANNERS", 2000);
        QTemporaryDir dir;
        ConsoleSettings settings = consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), banners);
        MainWindow window(settings);
        QSignalSpy ready(&window, &MainWindow::fleetReady);
        window.show();
        window.start();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(ready.wait(120'000));

        QRandomGenerator random(12);
        int reopened = 0;
        for (int round = 0; round < rounds; ++round) {
            // A setting that needs the fleet reopened, alternating so that each Apply is a change.
            settings.displayDurationSeconds = settings.displayDurationSeconds == 60 ? 61 : 60;
            if (FleetEngine *engine = window.session()->engine()) {
                // Commands in flight across the reopen: their answers must find nobody, harmlessly.
                for (int i = 0; i < 20; ++i)
                    engine->execute(1 + i, command::Submit{QStringLiteral("round %1").arg(round), QStringLiteral("apply-%1-%2").arg(round).arg(i)}, QStringLiteral("tst"));
            }
            window.applySettings(settings, false);
            if (round % 10 == 9) {
                // Let it fly again now and then: Apply then meets a demo that is running.
                ready.clear();
                QVERIFY2(ready.wait(120'000), qPrintable(QStringLiteral("round %1 did not fly again").arg(round)));
                ++reopened;
            } else {
                // Otherwise apply again while it opens, registers, connects or closes.
                QTest::qWait(int(random.bounded(0, 300)));
            }
        }
        ready.clear();
        QVERIFY(ready.wait(120'000) || window.session()->state() == FleetSession::State::Open);
        QVERIFY(reopened > 0);
        window.close();
        QVERIFY(QTest::qWaitFor([&] { return window.session()->state() == FleetSession::State::Closed; }, 60'000));
    }

    void applyWhileOpeningLeavesNoPanelHoldingTheClosedEngine()
    {
        // Apply while the fleet is still opening: the session finishes opening, hands the engine
        // to the panels (opened()), and closes at once. The panels used to keep that engine after
        // it was freed, and the statistics sampler read it a second later (SIGSEGV in
        // StatsSampler::sample, found by 100 Apply rounds under a 5,000-banner demo).
        QTemporaryDir dir;
        ConsoleSettings settings = consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 0);
        MainWindow window(settings);
        QSignalSpy opened(window.session(), &FleetSession::opened);
        QSignalSpy closing(window.session(), &FleetSession::closing);
        QSignalSpy closed(window.session(), &FleetSession::closed);
        // Read when the session has closed (the reopen may finish before a wait() returns): nothing
        // may hold the engine that was shut down.
        QList<const FleetEngine *> heldWhenClosed;
        connect(window.session(), &FleetSession::closed, this,
                [&] { heldWhenClosed.append(window.dispatcher()->engine()); });
        window.show();
        window.start();
        QCOMPARE(window.session()->state(), FleetSession::State::Opening);
        settings.displayDurationSeconds = 61;
        window.applySettings(settings, false);
        QVERIFY(closed.wait(60'000));
        QCOMPARE(closing.count(), 1);
        QCOMPARE(heldWhenClosed, QList<const FleetEngine *>{nullptr});
        // Then it opens again and the panels hold the new engine.
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 60'000);
        QVERIFY(window.dispatcher()->engine() != nullptr);
        QCOMPARE(window.dispatcher()->engine(), window.session()->engine());
        window.close();
        QVERIFY(QTest::qWaitFor([&] { return window.session()->state() == FleetSession::State::Closed; }, 60'000));
        QCOMPARE(closing.count(), 2);
    }

    void destroyedWhileOpening()
    {
        // ~FleetSession used to shut the engine down while the pool was still opening it.
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("fleet.sqlite"));
        for (int round = 0; round < 20; ++round) {
            {
                FleetSession session;
                QSignalSpy opened(&session, &FleetSession::opened);
                session.open(database, FleetEngineOptions(), 0);
                QCOMPARE(session.state(), FleetSession::State::Opening);
                if (round % 2 == 1)
                    QVERIFY(opened.wait(60'000)); // and once, destroyed while open
            }
            // The destructor waited for the open and then shut everything down: no connection to
            // the database is left (SQLite removes the write-ahead log with the last one).
            QVERIFY2(!QFile::exists(database + QStringLiteral("-wal")),
                     qPrintable(QStringLiteral("round %1: the database is still open").arg(round)));
        }
    }
};

QTEST_MAIN(tst_SettingsApply)
#include "tst_settingsapply.moc"
