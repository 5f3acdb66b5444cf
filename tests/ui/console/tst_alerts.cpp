// The console's alerts: derived from hand-built snapshots for the model's rules, and from a real
// FleetEngine behind a MainWindow for the whole path (snapshot builder, dock, map selection); and the
// first-run guide over an empty fleet.
#include "AlertDeriver.h"
#include "AlertsDock.h"
#include "AlertsModel.h"
#include "BannerPanel.h"
#include "ConsoleSettings.h"
#include "DeviceLink.h"
#include "DispatcherActions.h"
#include "FirstRunGuide.h"
#include "FleetEngine.h"
#include "FleetMapWidget.h"
#include "FleetSession.h"
#include "MainWindow.h"
#include "SettingsDialog.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace airdisplay;

namespace {

MapBanner banner(quint64 id, MapBannerStatus status, float battery = 90.0f)
{
    MapBanner b;
    b.id = id;
    b.callsign = QStringLiteral("BNR-%1").arg(id, 5, 10, QLatin1Char('0'));
    b.status = status;
    b.batteryPercent = battery;
    b.lastSeenMs = 1'700'000'000'000;
    return b;
}

class NullLink : public DeviceLink
{
public:
    void send(const DeviceCommand &) override {}
};

bool alerted(const AlertsModel &model, qint64 bannerId, Alert::Kind kind)
{
    return model.find(bannerId, kind) != nullptr;
}

std::unique_ptr<MainWindow> openConsole(const ConsoleSettings &settings)
{
    auto window = std::make_unique<MainWindow>(settings);
    QSignalSpy ready(window.get(), &MainWindow::fleetReady);
    window->resize(1280, 800);
    window->show();
    window->start();
    if (!QTest::qWaitForWindowExposed(window.get()) || !ready.wait(60'000))
        return {};
    return window;
}

bool closeConsole(MainWindow &window)
{
    window.close();
    return QTest::qWaitFor([&] { return window.session()->state() == FleetSession::State::Closed && !window.isVisible(); },
                           30'000);
}

} // namespace

class tst_Alerts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AirDisplayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alerts"));
        QSettings().clear();
    }

    // Each derived kind is raised by its condition and cleared when the condition clears; a pass that
    // finds nothing new sends nothing.
    void derivedKindsRaiseAndClear()
    {
        std::vector<MapBanner> fleet{banner(1, MapBannerStatus::Offline), banner(2, MapBannerStatus::Idle, 12.5f),
                                     banner(3, MapBannerStatus::Stale), banner(4, MapBannerStatus::PendingReview),
                                     banner(5, MapBannerStatus::Displaying, 80.0f),
                                     // offline and low: the offline alert says enough
                                     banner(6, MapBannerStatus::Offline, 5.0f),
                                     // never reported its battery
                                     banner(7, MapBannerStatus::Queued, -1.0f)};
        AlertDeriver deriver;
        AlertsModel model;
        QSignalSpy raised(&model, &AlertsModel::alertsRaised);
        const qint64 t0 = 1'700'000'100'000;
        const AlertChanges early = deriver.derive(fleet, t0);
        QCOMPARE(early.raised.size(), 3); // the offline ones wait out their grace
        for (const Alert &a : early.raised)
            QVERIFY(a.kind != Alert::Kind::Offline);
        model.apply(early);
        QVERIFY(deriver.derive(fleet, t0 + AlertDeriver::kOfflineGraceMs - 1).isEmpty());
        const qint64 t1 = t0 + AlertDeriver::kOfflineGraceMs;
        const AlertChanges first = deriver.derive(fleet, t1);
        QCOMPARE(first.raised.size(), 2);
        model.apply(first);
        QCOMPARE(raised.size(), 2);
        QCOMPARE(raised.at(0).first().toInt(), 3);
        QCOMPARE(raised.at(1).first().toInt(), 2);
        QCOMPARE(model.find(1, Alert::Kind::Offline)->sinceMs, t0); // since it was first seen offline

        QVERIFY(alerted(model, 1, Alert::Kind::Offline));
        QVERIFY(alerted(model, 6, Alert::Kind::Offline));
        QVERIFY(!alerted(model, 6, Alert::Kind::LowBattery));
        QVERIFY(alerted(model, 2, Alert::Kind::LowBattery));
        QVERIFY(alerted(model, 3, Alert::Kind::StalePosition));
        QVERIFY(alerted(model, 4, Alert::Kind::WaitingReview));
        QCOMPARE(model.count(Alert::Kind::Offline), 2);
        QCOMPARE(model.count(Alert::Kind::LowBattery), 1);
        QCOMPARE(model.count(Alert::Kind::StalePosition), 1);
        QCOMPARE(model.count(Alert::Kind::WaitingReview), 1);
        QCOMPARE(model.count(Alert::Kind::FailedCommand), 0);
        const Alert *battery = model.find(2, Alert::Kind::LowBattery);
        QCOMPARE(battery->callsign, QStringLiteral("BNR-00002"));
        QCOMPARE(battery->sinceMs, t0);
        QVERIFY2(battery->detail.contains(QStringLiteral("12")), qPrintable(battery->detail));
        // The rows name the banner and say since when.
        const QModelIndex row = model.indexOf(2, Alert::Kind::LowBattery);
        QCOMPARE(row.data().toString(), QStringLiteral("BNR-00002"));
        QCOMPARE(row.siblingAtColumn(AlertsModel::SinceColumn).data().toString(),
                 QDateTime::fromMSecsSinceEpoch(t0).toString(QStringLiteral("HH:mm:ss")));

        QVERIFY(deriver.derive(fleet, t1 + 1000).isEmpty());

        // A battery that drains further updates the alert; it is not new (no sound, since kept).
        fleet[1].batteryPercent = 9.0f;
        const AlertChanges drained = deriver.derive(fleet, t1 + 2000);
        QCOMPARE(drained.raised.size(), 0);
        QCOMPARE(drained.updated.size(), 1);
        model.apply(drained);
        QCOMPARE(raised.size(), 2);
        QVERIFY(model.find(2, Alert::Kind::LowBattery)->detail.contains(QStringLiteral("9")));
        QCOMPARE(model.find(2, Alert::Kind::LowBattery)->sinceMs, t0);

        // Every condition clears: every alert goes.
        for (MapBanner &b : fleet) {
            b.status = MapBannerStatus::Idle;
            b.batteryPercent = 95.0f;
        }
        const AlertChanges cleared = deriver.derive(fleet, t1 + 3000);
        QCOMPARE(cleared.cleared.size(), 5);
        model.apply(cleared);
        for (int k = 0; k < Alert::KindCount; ++k)
            QCOMPARE(model.count(Alert::Kind(k)), 0);
        QCOMPARE(model.unacknowledgedTotal(), 0);

        // A device back within the grace raised nothing and clears nothing.
        fleet[0].status = MapBannerStatus::Offline;
        QVERIFY(deriver.derive(fleet, t1 + 4000).isEmpty());
        fleet[0].status = MapBannerStatus::Idle;
        QVERIFY(deriver.derive(fleet, t1 + 5000).isEmpty());

        // A banner that leaves the fleet takes its alerts along.
        fleet.push_back(banner(9, MapBannerStatus::Offline));
        model.apply(deriver.derive(fleet, t1 + 6000));
        model.apply(deriver.derive(fleet, t1 + 6000 + AlertDeriver::kOfflineGraceMs));
        QVERIFY(alerted(model, 9, Alert::Kind::Offline));
        fleet.pop_back();
        model.apply(deriver.derive(fleet, t1 + 7000 + AlertDeriver::kOfflineGraceMs));
        QVERIFY(!alerted(model, 9, Alert::Kind::Offline));
    }

    // Acknowledged: muted and out of the badge until the condition clears; if it recurs, it is new.
    // The dock's title carries the total.
    void acknowledgementAndBadges()
    {
        std::vector<MapBanner> fleet{banner(1, MapBannerStatus::Offline), banner(2, MapBannerStatus::Offline),
                                     banner(3, MapBannerStatus::Offline), banner(4, MapBannerStatus::Stale)};
        AlertDeriver deriver;
        AlertsModel model;
        AlertsDock dock(&model);
        QVERIFY(dock.view()->isHidden()); // nothing to show: a sentence says so instead
        QVERIFY(!dock.findChild<QLabel *>(QStringLiteral("noAlerts"))->isHidden());
        qint64 now = 1'700'000'100'000;
        model.apply(deriver.derive(fleet, now));
        model.apply(deriver.derive(fleet, now += AlertDeriver::kOfflineGraceMs));
        QVERIFY(!dock.view()->isHidden());
        // Only the kinds that have alerts take a row.
        QVERIFY(!dock.view()->isRowHidden(int(Alert::Kind::Offline), {}));
        QVERIFY(dock.view()->isRowHidden(int(Alert::Kind::LowBattery), {}));
        QCOMPARE(model.groupIndex(Alert::Kind::Offline).siblingAtColumn(AlertsModel::DetailColumn).data().toString(),
                 QStringLiteral("3 banners"));
        QCOMPARE(model.unacknowledgedCount(Alert::Kind::Offline), 3);
        QCOMPARE(model.unacknowledgedTotal(), 4);
        QCOMPARE(dock.windowTitle(), QStringLiteral("Alerts (4)"));
        QCOMPARE(dock.toggleViewAction()->text(), QStringLiteral("Alerts (4)"));
        QVERIFY(model.groupIndex(Alert::Kind::Offline).data().toString().contains(QStringLiteral("(3)")));

        const QModelIndex two = model.indexOf(2, Alert::Kind::Offline);
        QVERIFY(!two.data(Qt::ForegroundRole).isValid());
        model.acknowledge(two);
        QCOMPARE(model.count(Alert::Kind::Offline), 3);
        QCOMPARE(model.unacknowledgedCount(Alert::Kind::Offline), 2);
        QCOMPARE(dock.windowTitle(), QStringLiteral("Alerts (3)"));
        const QModelIndex acknowledged = model.indexOf(2, Alert::Kind::Offline);
        QVERIFY(acknowledged.data(AlertsModel::AcknowledgedRole).toBool());
        QVERIFY(acknowledged.data(Qt::ForegroundRole).isValid()); // muted

        // Still offline: still acknowledged.
        model.apply(deriver.derive(fleet, now += 1000));
        QVERIFY(model.find(2, Alert::Kind::Offline)->acknowledged);
        QCOMPARE(model.unacknowledgedTotal(), 3);

        // Back online, then offline again: a new alert.
        fleet[1].status = MapBannerStatus::Idle;
        model.apply(deriver.derive(fleet, now += 1000));
        QVERIFY(!alerted(model, 2, Alert::Kind::Offline));
        fleet[1].status = MapBannerStatus::Offline;
        model.apply(deriver.derive(fleet, now += 1000));
        model.apply(deriver.derive(fleet, now += AlertDeriver::kOfflineGraceMs));
        QVERIFY(!model.find(2, Alert::Kind::Offline)->acknowledged);
        QCOMPARE(model.unacknowledgedCount(Alert::Kind::Offline), 3);

        // All of a kind, from its group row; the other kinds keep theirs.
        model.acknowledge(model.groupIndex(Alert::Kind::Offline));
        QCOMPARE(model.unacknowledgedCount(Alert::Kind::Offline), 0);
        QCOMPARE(model.count(Alert::Kind::Offline), 3);
        QCOMPARE(model.unacknowledgedCount(Alert::Kind::StalePosition), 1);
        QCOMPARE(dock.windowTitle(), QStringLiteral("Alerts (1)"));

        // Acknowledging through the dock's action acts on the current row.
        dock.view()->setCurrentIndex(model.indexOf(4, Alert::Kind::StalePosition));
        dock.acknowledgeCurrent();
        QCOMPARE(model.unacknowledgedTotal(), 0);
        QCOMPARE(dock.windowTitle(), QStringLiteral("Alerts"));

        // A failed command has no condition of its own: acknowledging it is what clears it. A newer
        // failure of the same banner replaces the older one.
        model.raiseFailedCommand(3, QStringLiteral("BNR-00003"), QStringLiteral("Approve failed"), now);
        model.raiseFailedCommand(3, QStringLiteral("BNR-00003"), QStringLiteral("Pause failed"), now + 10);
        QCOMPARE(model.count(Alert::Kind::FailedCommand), 1);
        QCOMPARE(model.find(3, Alert::Kind::FailedCommand)->detail, QStringLiteral("Pause failed"));
        QCOMPARE(dock.windowTitle(), QStringLiteral("Alerts (1)"));
        model.acknowledge(3, Alert::Kind::FailedCommand);
        QCOMPARE(model.count(Alert::Kind::FailedCommand), 0);
    }

    // The sound is off unless chosen, and one beep covers a burst.
    void soundIsOptIn()
    {
        QCOMPARE(ConsoleSettings().alertSound, false);
        ConsoleSettings chosen;
        chosen.alertSound = true;
        {
            QSettings stored;
            chosen.save(stored);
            QCOMPARE(ConsoleSettings::load(stored).alertSound, true);
            stored.clear();
        }
        // The command line's overrides are never saved: only what the dispatcher changed is taken.
        const ConsoleSettings overridden = ConsoleSettings().withChanges(ConsoleSettings(), chosen);
        QCOMPARE(overridden.alertSound, true);

        AlertsModel model;
        AlertsDock dock(&model);
        model.raiseFailedCommand(1, QStringLiteral("A"), QStringLiteral("x"), 1);
        QCOMPARE(dock.beeps(), 0);
        dock.setSoundEnabled(true);
        model.raiseFailedCommand(2, QStringLiteral("B"), QStringLiteral("x"), 2);
        model.raiseFailedCommand(3, QStringLiteral("C"), QStringLiteral("x"), 3);
        QCOMPARE(dock.beeps(), 1);
        // An acknowledgement or an update is no reason to beep.
        model.acknowledge(2, Alert::Kind::FailedCommand);
        QCOMPARE(dock.beeps(), 1);
    }

    // 100,000 banners with 10,000 offline: the derivation stays cheap and the rows bounded, with a
    // count of the rest.
    void manyOfflineBannersStayBounded()
    {
        std::vector<MapBanner> fleet;
        fleet.reserve(100'000);
        for (quint64 id = 1; id <= 100'000; ++id)
            fleet.push_back(banner(id, id % 10 == 0 ? MapBannerStatus::Offline : MapBannerStatus::Displaying));
        AlertDeriver deriver;
        AlertsModel model;
        const qint64 t0 = 1'700'000'100'000 - AlertDeriver::kOfflineGraceMs;
        QVERIFY(deriver.derive(fleet, t0).isEmpty()); // offline: within the grace yet
        QElapsedTimer timer;
        timer.start();
        const AlertChanges changes = deriver.derive(fleet, 1'700'000'100'000);
        const qint64 firstPassMs = timer.restart();
        QVERIFY(deriver.derive(fleet, 1'700'000'101'000).isEmpty());
        const qint64 steadyPassMs = timer.restart();
        qInfo("derive over 100,000 banners: first %lld ms, steady %lld ms", firstPassMs, steadyPassMs);
        QVERIFY2(steadyPassMs < 250, qPrintable(QString::number(steadyPassMs)));

        model.apply(changes);
        const qint64 applyMs = timer.elapsed();
        qInfo("apply 10,000 alerts: %lld ms", applyMs);
        QCOMPARE(model.count(Alert::Kind::Offline), 10'000);
        const QModelIndex group = model.groupIndex(Alert::Kind::Offline);
        QCOMPARE(model.rowCount(group), AlertsModel::kMaxRowsPerKind + 1);
        const QModelIndex more = model.index(AlertsModel::kMaxRowsPerKind, 0, group);
        QVERIFY(more.data(AlertsModel::IsMoreRole).toBool());
        QVERIFY2(more.data().toString().contains(QLocale().toString(10'000 - AlertsModel::kMaxRowsPerKind)),
                 qPrintable(more.data().toString()));
        QVERIFY(!(model.flags(more) & Qt::ItemIsSelectable));

        // Half come back: still bounded, the count follows; a row still shown keeps its selection.
        QItemSelectionModel selection(&model);
        const QModelIndex kept = model.index(0, 0, group);
        const qint64 keptId = kept.data(AlertsModel::BannerIdRole).toLongLong();
        selection.setCurrentIndex(kept, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        for (MapBanner &b : fleet) {
            if (b.id % 20 == 0 && qint64(b.id) != keptId)
                b.status = MapBannerStatus::Idle;
        }
        model.apply(deriver.derive(fleet, 1'700'000'102'000));
        QCOMPARE(model.count(Alert::Kind::Offline), keptId % 20 == 0 ? 5'001 : 5'000);
        QCOMPARE(model.rowCount(group), AlertsModel::kMaxRowsPerKind + 1);
        QCOMPARE(selection.currentIndex().data(AlertsModel::BannerIdRole).toLongLong(), keptId);

        // Fewer than the cap: no "more" row.
        for (MapBanner &b : fleet)
            b.status = b.id <= 3 ? MapBannerStatus::Offline : MapBannerStatus::Idle;
        model.apply(deriver.derive(fleet, 1'700'000'103'000));
        model.apply(deriver.derive(fleet, 1'700'000'103'000 + AlertDeriver::kOfflineGraceMs));
        QCOMPARE(model.rowCount(group), 3);
        for (int row = 0; row < 3; ++row)
            QVERIFY(!model.index(row, 0, group).data(AlertsModel::IsMoreRole).toBool());
    }

    // The whole console on a real engine: an empty fleet shows the guide, whose buttons open the
    // right Settings; the first banner hides it. That banner then raises and clears each kind
    // through the snapshot builder, a refused command raises a failed-command alert, and a click on
    // an alert selects the banner and frames it on the map.
    void aRealFleetRaisesAndClearsAlerts()
    {
        QTemporaryDir dir;
        ConsoleSettings settings;
        settings.database = dir.filePath(QStringLiteral("fleet.sqlite"));
        settings.review = ReviewPolicy::All;
        const auto window = openConsole(settings);
        QVERIFY(window);
        FleetEngine *engine = window->session()->engine();
        QVERIFY(engine);
        AlertsModel *alerts = window->alerts();
        FirstRunGuide *guide = window->firstRunGuide();

        QTRY_VERIFY_WITH_TIMEOUT(guide->isVisible(), 10'000);
        QVERIFY(window->map()->geometry().contains(guide->geometry().translated(window->map()->pos())));
        guide->demoButton()->click();
        auto *dialog = window->findChild<SettingsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->focusWidget()->objectName(), QStringLiteral("demoFleet"));
        guide->devicesButton()->click();
        QCOMPARE(dialog->focusWidget()->objectName(), QStringLiteral("listen"));
        dialog->close();

        const qint64 id = 1;
        const QString callsign = QStringLiteral("ALRT-1");
        QVERIFY(engine->registerBanner(id, callsign).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!guide->isVisible(), 10'000);
        // Registered, no device: offline, although it never reported a position.
        QTRY_VERIFY_WITH_TIMEOUT(alerted(*alerts, id, Alert::Kind::Offline), 10'000 + AlertDeriver::kOfflineGraceMs);
        QCOMPARE(alerts->find(id, Alert::Kind::Offline)->callsign, callsign);

        auto link = std::make_shared<NullLink>();
        QVERIFY(engine->deviceConnected(id, link).result().ok());
        // (A stale position takes 30 s of silence to appear; the hand-built snapshots above cover it.)
        TelemetryRecord fix{id, 43.55, 7.02, 90.0, 40.0, 800.0, 12.0, QDateTime::currentMSecsSinceEpoch()};
        engine->telemetry(fix);
        QTRY_VERIFY_WITH_TIMEOUT(!alerted(*alerts, id, Alert::Kind::Offline), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(alerted(*alerts, id, Alert::Kind::LowBattery), 10'000);
        QVERIFY(!alerted(*alerts, id, Alert::Kind::StalePosition));

        fix.atMs = QDateTime::currentMSecsSinceEpoch();
        fix.batteryPercent = 80.0;
        engine->telemetry(fix);
        QTRY_VERIFY_WITH_TIMEOUT(!alerted(*alerts, id, Alert::Kind::LowBattery), 10'000);

        const FleetResult submitted =
            engine->execute(id, command::Submit{QStringLiteral("HELLO BEACH"), QStringLiteral("al-1")}, QStringLiteral("customer")).result();
        QVERIFY(submitted.ok());
        QTRY_VERIFY_WITH_TIMEOUT(alerted(*alerts, id, Alert::Kind::WaitingReview), 10'000);
        QVERIFY(engine->execute(id, command::Approve{submitted.messageId}).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!alerted(*alerts, id, Alert::Kind::WaitingReview), 10'000);

        // A command the engine refuses (a message that does not exist).
        DispatcherActions::Target bogus;
        bogus.bannerId = id;
        bogus.callsign = callsign;
        bogus.messageId = submitted.messageId + 1000;
        bogus.held = true;
        bogus.position = 1;
        bogus.lastPosition = 1;
        QVERIFY(window->dispatcher()->run(DispatcherActions::Action::Approve, {bogus}, window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(alerted(*alerts, id, Alert::Kind::FailedCommand), 10'000);
        QCOMPARE(alerts->find(id, Alert::Kind::FailedCommand)->callsign, callsign);

        // Click it: the banner is selected (the panel follows) and framed on the map.
        FleetMapWidget *map = window->map();
        map->showWorld();
        QVERIFY(map->selectedIds().isEmpty());
        AlertsDock *dock = window->alertsDock();
        dock->show();
        dock->raise();
        QTreeView *view = dock->view();
        const QModelIndex row = alerts->indexOf(id, Alert::Kind::FailedCommand);
        QVERIFY(row.isValid());
        QTRY_VERIFY(view->isExpanded(row.parent()));
        view->scrollTo(row);
        QTRY_VERIFY(view->visualRect(row).isValid() && view->viewport()->rect().intersects(view->visualRect(row)));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(row).center());
        QCOMPARE(map->selectedIds(), QList<quint64>{quint64(id)});
        QCOMPARE(window->bannerPanel()->banner(), id);
        const GeoCoordinate position = *map->bannerPosition(quint64(id));
        QVERIFY2(qAbs(map->center().lat - position.lat) < 0.01 && qAbs(map->center().lon - position.lon) < 0.01,
                 qPrintable(QStringLiteral("centre %1,%2").arg(map->center().lat).arg(map->center().lon)));
        QVERIFY2(map->zoom() >= 10, qPrintable(QString::number(map->zoom())));

        // Enter on it does the same after the view moved away.
        map->showWorld();
        map->setSelectedIds({});
        view->setFocus();
        view->setCurrentIndex(row);
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(map->selectedIds(), QList<quint64>{quint64(id)});
        QVERIFY(map->zoom() >= 10);

        QVERIFY(closeConsole(*window));
        QCOMPARE(alerts->unacknowledgedTotal(), 0); // a closed fleet has no alerts
    }
};

QTEST_MAIN(tst_Alerts)
#include "tst_alerts.moc"
