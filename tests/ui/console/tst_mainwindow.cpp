// The whole console on the offscreen platform: a MainWindow on a real FleetEngine (a temporary SQLite
// file) with the simulated fleet of the demo flying, driven the way a dispatcher drives it.
#include "ActionConfirmationDialog.h"
#include "BannerPanel.h"
#include "ConsoleSettings.h"
#include "DispatcherActions.h"
#include "EventLogDock.h"
#include "EventLogModel.h"
#include "FleetEngine.h"
#include "FleetMapWidget.h"
#include "FleetSession.h"
#include "Gateway.h"
#include "MainWindow.h"
#include "MapJumpList.h"
#include "MercatorProjection.h"
#include "MessageQueueModel.h"
#include "MessageQueueView.h"
#include "ReviewInbox.h"
#include "UndoBar.h"

#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QtTest>

#include <memory>

using namespace airdisplay;

namespace {

ConsoleSettings consoleOn(const QString &database, int demoBanners)
{
    ConsoleSettings settings;
    settings.database = database;
    settings.listenAddress.clear(); // no gateway: tests must not fight over a port
    settings.demoFleetSize = demoBanners;
    return settings;
}

// Opens a window on the settings and waits until its fleet is ready (the demo flying, if any).
std::unique_ptr<MainWindow> openConsole(const ConsoleSettings &settings)
{
    auto window = std::make_unique<MainWindow>(settings);
    QSignalSpy ready(window.get(), &MainWindow::fleetReady);
    window->show();
    window->start();
    if (!QTest::qWaitForWindowExposed(window.get()) || !ready.wait(60'000))
        return {};
    return window;
}

// Closing the window first closes the fleet (committing what it accepted) off the GUI thread.
bool closeConsole(MainWindow &window)
{
    window.close();
    return QTest::qWaitFor([&] { return window.session()->state() == FleetSession::State::Closed && !window.isVisible(); },
                           30'000);
}

int proxyRowOf(QTableView *table, qint64 messageId)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data(MessageQueueModel::MessageIdRole).toLongLong() == messageId)
            return row;
    }
    return -1;
}

std::optional<QueuedMessage> findMessage(const MessageQueueModel &model, qint64 bannerId, const QString &text)
{
    for (const QueuedMessage &m : model.messagesOfBanner(bannerId)) {
        if (m.text == text)
            return m;
    }
    return std::nullopt;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AirDisplayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear(); // the default layout, not one a previous run saved
    }

    // Click a plane on the map: the banner panel shows it and the queue view selects its messages.
    // Compose on the panel: the message joins the queue view. Remove it there: it leaves the view and
    // the banner's queue in the engine.
    void mapClickComposeAndRemoval()
    {
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        FleetEngine *engine = window->session()->engine();
        QVERIFY(engine);
        MessageQueueModel *model = window->queueModel();
        FleetMapWidget *map = window->map();

        // Something on the banner's display first, so that what the dispatcher composes waits behind it.
        const qint64 banner = 7;
        const QString callsign = QStringLiteral("BNR-00007");
        QVERIFY(engine->execute(banner, command::Submit{QStringLiteral("ON AIR FIRST"), QStringLiteral("mw-1")}, QStringLiteral("customer")).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*model, banner, QStringLiteral("ON AIR FIRST")).has_value(), 10'000);

        // Close in on the plane so that no neighbour is under the cursor, then click it where it is now.
        QTRY_VERIFY_WITH_TIMEOUT(map->bannerPosition(quint64(banner)).has_value(), 10'000);
        map->setZoom(13);
        map->centerOn(*map->bannerPosition(quint64(banner)));
        auto planeOnScreen = [&] {
            const auto position = map->bannerPosition(quint64(banner));
            return position ? map->viewport().worldToScreen(MercatorProjection::project(*position)).toPoint() : QPoint(-1, -1);
        };
        QTRY_COMPARE_WITH_TIMEOUT(map->bannerAt(planeOnScreen()), std::optional<quint64>(quint64(banner)), 10'000);
        QTest::mouseClick(map, Qt::LeftButton, {}, planeOnScreen());

        QCOMPARE(map->selectedIds(), QList<quint64>{quint64(banner)});
        QCOMPARE(window->bannerPanel()->banner(), banner);
        QTRY_VERIFY(window->bannerPanel()->titleLabel()->text().contains(callsign));
        QTableView *table = window->queueView()->table();
        const QList<DispatcherActions::Target> selected = window->queueView()->selectedTargets();
        QCOMPARE(selected.size(), model->messagesOfBanner(banner).size());
        for (const DispatcherActions::Target &t : selected)
            QCOMPARE(t.bannerId, banner);
        QVERIFY(!table->selectionModel()->selectedRows().isEmpty());

        // Compose as the dispatcher.
        const QString text = QStringLiteral("HELLO FROM DISPATCH");
        BannerPanel *panel = window->bannerPanel();
        QTRY_VERIFY(panel->sendButton()->isEnabled());
        QTest::keyClicks(panel->composeEdit(), text);
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->composeResult()->text().contains(QStringLiteral("estimated start")), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*model, banner, text).has_value(), 10'000);
        const QueuedMessage composed = *findMessage(*model, banner, text);
        QCOMPARE(composed.author, QStringLiteral("dispatcher"));
        QCOMPARE(composed.status, BannerMessage::Status::Queued);
        QVERIFY(composed.position >= 1);
        QVERIFY(proxyRowOf(table, composed.messageId) >= 0);
        QTRY_VERIFY(!panel->queueList()->findItems(text, Qt::MatchExactly, 1).isEmpty());

        // Remove it from the queue view, confirming the dialog that names it.
        table->selectionModel()->select(table->model()->index(proxyRowOf(table, composed.messageId), 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QAction *remove = window->queueView()->action(DispatcherActions::Action::Remove);
        QVERIFY(remove->isEnabled());
        QStringList confirmed;
        QTimer::singleShot(0, this, [&confirmed] {
            auto *dialog = qobject_cast<ActionConfirmationDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            confirmed = dialog->targets();
            dialog->accept();
        });
        remove->trigger();
        QCOMPARE(confirmed.size(), 1);
        QVERIFY(confirmed.first().contains(text));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOfMessage(composed.messageId), -1, 10'000);
        QCOMPARE(proxyRowOf(table, composed.messageId), -1);
        QTRY_VERIFY(panel->queueList()->findItems(text, Qt::MatchExactly, 1).isEmpty());
        const auto state = engine->bannerState(banner).result();
        QVERIFY(state);
        for (const BannerMessage &m : state->queue)
            QVERIFY(m.id != composed.messageId);

        QVERIFY(closeConsole(*window));
    }

    // The dispatcher selects a banner, not a row: when its last message leaves the queue view (blanked,
    // ended), the banner stays selected on the map and in the banner panel, and Follow stays on.
    void selectionStaysOnTheBannerWhenItsMessagesLeave()
    {
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        FleetEngine *engine = window->session()->engine();
        MessageQueueModel *model = window->queueModel();
        FleetMapWidget *map = window->map();
        QTableView *table = window->queueView()->table();
        const qint64 banner = 11;
        QVERIFY(engine->execute(banner, command::Submit{QStringLiteral("ONLY ONE"), QStringLiteral("sel-1")}, QStringLiteral("customer")).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*model, banner, QStringLiteral("ONLY ONE")).has_value(), 10'000);
        const qint64 message = findMessage(*model, banner, QStringLiteral("ONLY ONE"))->messageId;
        QTRY_VERIFY_WITH_TIMEOUT(map->bannerPosition(quint64(banner)).has_value(), 10'000);

        // Selected in the queue view, as a click on its row does; then followed.
        table->selectionModel()->select(table->model()->index(proxyRowOf(table, message), 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(window->bannerPanel()->banner(), banner);
        QCOMPARE(map->selectedIds(), QList<quint64>{quint64(banner)});
        map->setFollowSelected(true);
        QVERIFY(map->followSelected());

        // Blank now ends the message: its row leaves the view.
        QVERIFY(engine->execute(banner, command::Blank{}).result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOfMessage(message), -1, 10'000);
        QCOMPARE(proxyRowOf(table, message), -1);
        QCOMPARE(window->bannerPanel()->banner(), banner);
        QCOMPARE(map->selectedIds(), QList<quint64>{quint64(banner)});
        QVERIFY(map->followSelected());
        QVERIFY(window->bannerPanel()->titleLabel()->text().contains(QStringLiteral("BNR-00011")));

        // A new message for it arrives: the banner is still the one shown, and the dispatcher's
        // own click elsewhere still moves the selection.
        QVERIFY(engine->execute(banner, command::Resume{}).result().ok());
        QVERIFY(engine->execute(banner, command::Submit{QStringLiteral("NEXT ONE"), QStringLiteral("sel-2")}, QStringLiteral("customer")).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*model, banner, QStringLiteral("NEXT ONE")).has_value(), 10'000);
        QCOMPARE(window->bannerPanel()->banner(), banner);
        QVERIFY(engine->execute(12, command::Submit{QStringLiteral("OTHER"), QStringLiteral("sel-3")}, QStringLiteral("customer")).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*model, 12, QStringLiteral("OTHER")).has_value(), 10'000);
        table->selectionModel()->select(table->model()->index(proxyRowOf(table, findMessage(*model, 12, QStringLiteral("OTHER"))->messageId), 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(window->bannerPanel()->banner(), qint64(12));
        QCOMPARE(map->selectedIds(), QList<quint64>{12});
        QVERIFY(closeConsole(*window));
    }

    // `airdisplay --db X --demo N` overrides the stored settings for one run: toggling the theme or
    // applying another setting saves that change only, never the command line's values.
    void commandLineOptionsAreNeverSaved()
    {
        QTemporaryDir dir;
        QSettings().clear();
        const ConsoleSettings stored = consoleOn(dir.filePath(QStringLiteral("stored.sqlite")), 0);
        {
            QSettings storage;
            stored.save(storage);
        }
        ConsoleSettings run = stored;
        run.database = dir.filePath(QStringLiteral("from-command-line.sqlite"));
        run.demoFleetSize = 3;
        auto window = std::make_unique<MainWindow>(run, stored);
        QSignalSpy ready(window.get(), &MainWindow::fleetReady);
        window->show();
        window->start();
        QVERIFY(ready.wait(60'000));

        // The theme toggle, as the dispatcher clicks it in the View menu.
        QAction *dark = nullptr;
        for (QAction *a : window->findChildren<QAction *>()) {
            if (a->text() == QStringLiteral("&Dark theme"))
                dark = a;
        }
        QVERIFY(dark);
        dark->trigger();
        QCOMPARE(window->settings().darkTheme, !stored.darkTheme);
        {
            QSettings storage;
            const ConsoleSettings saved = ConsoleSettings::load(storage);
            QCOMPARE(saved.darkTheme, !stored.darkTheme);
            QCOMPARE(saved.database, stored.database);
            QCOMPARE(saved.demoFleetSize, 0);
        }

        // Apply of another setting (it reopens the fleet, still on this run's database and demo).
        ConsoleSettings changed = window->settings();
        changed.queueLimit = 7;
        window->applySettings(changed);
        QVERIFY(ready.wait(60'000));
        QCOMPARE(window->settings().database, run.database);
        {
            QSettings storage;
            const ConsoleSettings saved = ConsoleSettings::load(storage);
            QCOMPARE(saved.queueLimit, 7);
            QCOMPARE(saved.database, stored.database);
            QCOMPARE(saved.demoFleetSize, 0);
        }

        // What the dispatcher changes in the dialog is saved, also where the command line had a say.
        changed.demoFleetSize = 4;
        window->applySettings(changed);
        QVERIFY(ready.wait(60'000));
        {
            QSettings storage;
            QCOMPARE(ConsoleSettings::load(storage).demoFleetSize, 4);
            QCOMPARE(ConsoleSettings::load(storage).database, stored.database);
        }
        QVERIFY(closeConsole(*window));
        QSettings().clear();
    }

    // A laptop's 1024×700 is allowed and laid out without overlap; the queue's text gets room to be
    // read; a status message is not overwritten by the counters (the minimum was 1291×976, the docks
    // overlapped when forced, and the counters covered the message).
    void theWindowFitsSmallScreens()
    {
        QSettings().remove(QStringLiteral("window")); // the default layout, not a saved one
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        QVERIFY2(window->minimumSizeHint().width() <= 1024 && window->minimumSizeHint().height() <= 700,
                 qPrintable(QStringLiteral("minimum %1×%2").arg(window->minimumSizeHint().width()).arg(window->minimumSizeHint().height())));
        for (const QSize size : {QSize(1024, 700), QSize(1335, 976), QSize(1920, 1080)}) {
            window->resize(size);
            QTRY_COMPARE(window->size(), size);
            QTest::qWait(50); // one more turn: the docks are laid out after the resize event
            QList<QRect> areas{window->centralWidget()->geometry()};
            for (QDockWidget *dock : window->findChildren<QDockWidget *>()) {
                if (dock->isVisible() && !dock->visibleRegion().isEmpty())
                    areas.append(dock->geometry());
            }
            for (int a = 0; a < areas.size(); ++a) {
                for (int b = a + 1; b < areas.size(); ++b)
                    QVERIFY2(!areas[a].intersects(areas[b]), qPrintable(QStringLiteral("at %1×%2 two panels overlap").arg(size.width()).arg(size.height())));
            }
            QTableView *table = window->queueView()->table();
            const int textWidth = table->columnWidth(MessageQueueModel::TextColumn);
            if (size.width() >= 1920) {
                QVERIFY(!table->isColumnHidden(MessageQueueModel::AuthorColumn)); // room for everything
                QVERIFY(!table->isColumnHidden(MessageQueueModel::SubmittedColumn));
            }
            QVERIFY2(textWidth >= 20 * table->fontMetrics().averageCharWidth(),
                     qPrintable(QStringLiteral("at %1×%2 the queue's text column is %3 px").arg(size.width()).arg(size.height()).arg(textWidth)));

            const QString message = QStringLiteral("Blank now: done for 12 banners, 0 failed, see the log");
            window->statusBar()->showMessage(message);
            QTest::qWait(50);
            const int needed = window->statusBar()->fontMetrics().horizontalAdvance(message);
            for (QLabel *label : window->statusBar()->findChildren<QLabel *>()) {
                if (label->isVisible())
                    QVERIFY2(label->geometry().left() >= needed,
                             qPrintable(QStringLiteral("at %1×%2 “%3” covers the message").arg(size.width()).arg(size.height()).arg(label->text())));
            }
            window->statusBar()->clearMessage();
        }
        QVERIFY(closeConsole(*window));
    }

    // A first run serves no remote clients: the gateway is the dispatcher's choice. Once chosen, the
    // status bar says where it listens.
    void theGatewayIsOptInAndShowsWhereItListens()
    {
        QCOMPARE(ConsoleSettings().listenAddress, QString());
        QTemporaryDir dir;
        ConsoleSettings settings = ConsoleSettings();
        settings.database = dir.filePath(QStringLiteral("fleet.sqlite"));
        auto clientsLabel = [](MainWindow &window) -> QString {
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
                if (label->text().contains(QStringLiteral("devices")))
                    return label->text();
            }
            return {};
        };
        {
            const auto window = openConsole(settings);
            QVERIFY(window);
            QVERIFY(!window->session()->gateway());
            QTRY_VERIFY(clientsLabel(*window).startsWith(QStringLiteral("no gateway")));
            QVERIFY(closeConsole(*window));
        }
        settings.listenAddress = QStringLiteral("127.0.0.1:0"); // any free port
        const auto window = openConsole(settings);
        QVERIFY(window);
        QVERIFY(window->session()->gateway());
        const quint16 port = window->session()->gateway()->port();
        QVERIFY(port > 0);
        QTRY_VERIFY_WITH_TIMEOUT(clientsLabel(*window).contains(QStringLiteral("on 127.0.0.1:%1").arg(port)), 10'000);
        QVERIFY(closeConsole(*window));
    }

    // The event log's banner field takes what a dispatcher reads on screen: a callsign, in any case,
    // as well as an id; a name that is no banner shows nothing and says so (a number validator turned
    // "BNR-00308" into 00308 without a word).
    void eventLogFiltersByCallsign()
    {
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        FleetEngine *engine = window->session()->engine();
        QTRY_VERIFY_WITH_TIMEOUT(window->map()->bannerPosition(7).has_value(), 10'000);
        QVERIFY(engine->execute(7, command::Submit{QStringLiteral("SEVEN"), QStringLiteral("log-7")}, QStringLiteral("c")).result().ok());
        QVERIFY(engine->execute(9, command::Submit{QStringLiteral("NINE"), QStringLiteral("log-9")}, QStringLiteral("c")).result().ok());
        EventLogDock *dock = window->findChild<EventLogDock *>();
        QVERIFY(dock);
        QLineEdit *field = dock->bannerField();
        QAbstractItemModel *rows = dock->table()->model();
        auto bannersShown = [&] {
            QSet<qint64> banners;
            for (int r = 0; r < rows->rowCount(); ++r)
                banners.insert(rows->index(r, EventLogModel::BannerColumn).data().toLongLong());
            return banners;
        };
        QTRY_VERIFY_WITH_TIMEOUT(bannersShown().contains(7) && bannersShown().contains(9), 10'000);

        QTest::keyClicks(field, QStringLiteral("bnr-00007"));
        QCOMPARE(field->text(), QStringLiteral("bnr-00007")); // nothing typed was dropped
        QVERIFY(rows->rowCount() > 0);
        QCOMPARE(bannersShown(), QSet<qint64>{7});
        QVERIFY(field->toolTip().isEmpty());

        field->setText(QStringLiteral("9"));
        QCOMPARE(bannersShown(), QSet<qint64>{9});

        field->setText(QStringLiteral("NO-SUCH-BANNER"));
        QCOMPARE(rows->rowCount(), 0);
        QVERIFY(field->toolTip().contains(QStringLiteral("NO-SUCH-BANNER")));

        field->clear();
        QVERIFY(bannersShown().contains(7) && bannersShown().contains(9));
        QVERIFY(closeConsole(*window));
    }

    // "Selected" in the log follows the banner picked on the map (or the queue), and a held message is
    // routine: it does not fill "warning and above".
    void eventLogFollowsTheSelection()
    {
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        FleetEngine *engine = window->session()->engine();
        QTRY_VERIFY_WITH_TIMEOUT(window->map()->bannerPosition(7).has_value(), 10'000);
        QVERIFY(engine->execute(7, command::Submit{QStringLiteral("SEVEN"), QStringLiteral("sel-7")}, QStringLiteral("c")).result().ok());
        QVERIFY(engine->execute(9, command::Submit{QStringLiteral("NINE"), QStringLiteral("sel-9")}, QStringLiteral("c")).result().ok());
        EventLogDock *dock = window->findChild<EventLogDock *>();
        QVERIFY(dock);
        QAbstractItemModel *rows = dock->table()->model();
        auto bannersShown = [&] {
            QSet<qint64> banners;
            for (int r = 0; r < rows->rowCount(); ++r)
                banners.insert(rows->index(r, EventLogModel::BannerColumn).data().toLongLong());
            return banners;
        };
        QTRY_VERIFY_WITH_TIMEOUT(bannersShown().contains(7) && bannersShown().contains(9), 10'000);

        QTest::mouseClick(dock->followSelectionBox(), Qt::LeftButton);
        QVERIFY(dock->followSelectionBox()->isChecked());
        QVERIFY(!dock->bannerField()->isEnabled());
        window->map()->setSelectedIds({7});
        QCOMPARE(bannersShown(), QSet<qint64>{7});
        window->map()->setSelectedIds({9});
        QCOMPARE(bannersShown(), QSet<qint64>{9});
        QTest::mouseClick(dock->followSelectionBox(), Qt::LeftButton);
        QVERIFY(bannersShown().contains(7) && bannersShown().contains(9));
        QVERIFY(closeConsole(*window));
    }

    // Just after an open a fleet whose devices have not reconnected is offline: the map says why,
    // and the notice goes once they are back.
    void theMapExplainsAnOfflineFleetAfterTheStart()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("fleet.sqlite"));
        {
            const auto window = openConsole(consoleOn(database, 0));
            QVERIFY(window);
            QVERIFY(window->session()->engine()->registerBanners({{1, QStringLiteral("ALPHA"), 0}, {2, QStringLiteral("BRAVO"), 0}})
                        .result()
                        .ok());
            // No device ever connects: both are offline, and the map tells why.
            QTRY_VERIFY_WITH_TIMEOUT(window->map()->notice().contains(QStringLiteral("reconnecting")), 10'000);
            QVERIFY(window->map()->notice().contains(QStringLiteral("0 of 2")));
            QVERIFY(closeConsole(*window));
        }
        // With the demo's devices flying, the notice clears as they come online.
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("demo.sqlite")), 20));
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->map()->bannerPosition(7).has_value(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window->map()->notice().isEmpty(), 10'000);
        QVERIFY(closeConsole(*window));
    }

    // "Go to" frames a beach, a continent, the fleet or the selection in one pick.
    void jumpListFramesBeachesAndTheSelection()
    {
        QTemporaryDir dir;
        const auto window = openConsole(consoleOn(dir.filePath(QStringLiteral("fleet.sqlite")), 40));
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->map()->bannerPosition(7).has_value(), 10'000);
        MapJumpList *jump = window->jumpList();
        QVERIFY(jump);
        QVERIFY(jump->places().contains(QStringLiteral("Bondi Beach (AU)")));
        QVERIFY(jump->places().contains(QStringLiteral("Europe")));

        // Picked from the list as a dispatcher does: the map frames Bondi, close enough for planes.
        const int bondi = jump->findText(QStringLiteral("Bondi Beach (AU)"));
        QVERIFY(bondi > 0);
        emit jump->activated(bondi);
        QVERIFY(std::abs(window->map()->center().lat + 33.89) < 0.02);
        QVERIFY(std::abs(window->map()->center().lon - 151.27) < 0.02);
        QVERIFY(window->map()->zoom() >= 12.0);
        QCOMPARE(jump->currentIndex(), 0); // back to "Go to…"

        QVERIFY(!jump->jumpTo(QStringLiteral("Atlantis")));
        QVERIFY(jump->jumpTo(QStringLiteral("whole"))); // by its first letters, any case
        const GeoCoordinate seven = *window->map()->bannerPosition(7);
        const QPointF at = window->map()->viewport().worldToScreen(MercatorProjection::project(seven));
        QVERIFY(window->map()->rect().contains(at.toPoint()));

        window->map()->setSelectedIds({7});
        QVERIFY(jump->jumpTo(QStringLiteral("Selection")));
        const QPointF centred = window->map()->viewport().worldToScreen(
            MercatorProjection::project(*window->map()->bannerPosition(7)));
        QVERIFY((centred - QPointF(window->map()->width() / 2.0, window->map()->height() / 2.0)).manhattanLength() < 40);
        QVERIFY(closeConsole(*window));
    }

    // What waits in the queues when the console opens is in the queue view at once, not only after
    // each banner's next event.
    void queuedMessagesShowAfterRestart()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("fleet.sqlite"));
        {
            const auto window = openConsole(consoleOn(database, 0));
            QVERIFY(window);
            FleetEngine *engine = window->session()->engine();
            QVERIFY(engine->registerBanners({{1, QStringLiteral("ALPHA"), 0}, {2, QStringLiteral("BRAVO"), 0},
                                             {3, QStringLiteral("CHARLIE"), 0}})
                        .result()
                        .ok());
            // No device is connected: these stay queued.
            QVERIFY(engine->execute(1, command::Submit{QStringLiteral("FIRST"), QStringLiteral("r1")}, QStringLiteral("c")).result().ok());
            QVERIFY(engine->execute(1, command::Submit{QStringLiteral("SECOND"), QStringLiteral("r2")}, QStringLiteral("c")).result().ok());
            QVERIFY(engine->execute(2, command::Submit{QStringLiteral("THIRD"), QStringLiteral("r3")}, QStringLiteral("c")).result().ok());
            const qint64 gone = engine->execute(3, command::Submit{QStringLiteral("GONE"), QStringLiteral("r4")}, QStringLiteral("c")).result().messageId;
            QVERIFY(engine->execute(3, command::Remove{gone}).result().ok());
            QTRY_COMPARE_WITH_TIMEOUT(window->queueModel()->rowCount(), 3, 10'000);
            QVERIFY(closeConsole(*window));
        }
        const auto window = openConsole(consoleOn(database, 0));
        QVERIFY(window);
        MessageQueueModel *model = window->queueModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 10'000);
        const QList<QueuedMessage> first = model->messagesOfBanner(1);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0).text, QStringLiteral("FIRST"));
        QCOMPARE(first.at(1).text, QStringLiteral("SECOND"));
        // Carried over the restart, still under their banner's callsign (not its number, nor empty).
        QCOMPARE(first.at(0).callsign, QStringLiteral("ALPHA"));
        QCOMPARE(model->messagesOfBanner(2).size(), 1);
        QCOMPARE(model->messagesOfBanner(2).first().callsign, QStringLiteral("BRAVO"));
        QCOMPARE(model->index(model->rowOfMessage(first.at(0).messageId), MessageQueueModel::BannerColumn).data().toString(),
                 QStringLiteral("ALPHA"));
        QVERIFY(model->messagesOfBanner(3).isEmpty());
        QCOMPARE(window->queueView()->table()->model()->rowCount(), 3);
        QVERIFY(closeConsole(*window));
    }

    // The review inbox in the toolbar follows the messages really held for review; opening it
    // selects the first and J the next, whose banner the map and the panel then show. A removal
    // held for undo when the console closes is sent before the fleet closes.
    void reviewInboxAndCloseSendsHeldCommands()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("fleet.sqlite"));
        ConsoleSettings settings = consoleOn(database, 0);
        settings.review = ReviewPolicy::All;
        qint64 removed = 0;
        qint64 approved = 0;
        {
            const auto window = openConsole(settings);
            QVERIFY(window);
            FleetEngine *engine = window->session()->engine();
            QVERIFY(engine->registerBanners({{3, QStringLiteral("CHARLIE"), 0}, {4, QStringLiteral("DELTA"), 0}}).result().ok());
            QAction *review = window->review()->toggleAction();
            QVERIFY(window->findChild<QToolBar *>(QStringLiteral("fleetToolBar"))->actions().contains(review));
            QCOMPARE(review->text(), QStringLiteral("Review (0)"));
            const qint64 first = engine->execute(3, command::Submit{QStringLiteral("FIRST"), QStringLiteral("r1")}, QStringLiteral("c")).result().messageId;
            const qint64 second = engine->execute(4, command::Submit{QStringLiteral("SECOND"), QStringLiteral("r2")}, QStringLiteral("c")).result().messageId;
            QVERIFY(first && second);
            QTRY_COMPARE_WITH_TIMEOUT(review->text(), QStringLiteral("Review (2)"), 10'000);

            review->trigger();
            QVERIFY(review->isChecked());
            QTableView *table = window->queueView()->table();
            const QModelIndexList selected = table->selectionModel()->selectedRows();
            QCOMPARE(selected.size(), 1);
            const qint64 atFirst = selected.first().data(MessageQueueModel::MessageIdRole).toLongLong();
            // The keys themselves are tried in tst_consolewidgets; the offscreen window here need not be active.
            window->review()->nextAction()->trigger();
            const qint64 atSecond = table->selectionModel()->selectedRows().first().data(MessageQueueModel::MessageIdRole).toLongLong();
            QCOMPARE(QSet<qint64>({atFirst, atSecond}), QSet<qint64>({first, second}));
            const qint64 banner = BannerState::bannerOfMessage(atSecond);
            QCOMPARE(window->map()->selectedIds(), QList<quint64>{quint64(banner)});
            QCOMPARE(window->bannerPanel()->banner(), banner);

            // Remove it (held for undo: the bar says so), then approve the other, and close at once.
            QTimer::singleShot(0, this, [] {
                if (auto *dialog = qobject_cast<ActionConfirmationDialog *>(QApplication::activeModalWidget()))
                    dialog->accept();
            });
            window->queueView()->action(DispatcherActions::Action::Remove)->trigger();
            QCOMPARE(window->dispatcher()->heldCommands().size(), 1);
            QVERIFY(window->queueView()->undoBar()->isVisible());
            QTRY_COMPARE(review->text(), QStringLiteral("Review (1)")); // a held rejection or removal no longer waits
            removed = atSecond;
            approved = atFirst;
            QVERIFY(engine->execute(BannerState::bannerOfMessage(approved), command::Approve{approved}).result().ok());
            QVERIFY(engine->bannerState(banner).result()->queue.size() == 1); // not sent yet
            QVERIFY(closeConsole(*window));
        }
        const auto window = openConsole(settings);
        QVERIFY(window);
        MessageQueueModel *model = window->queueModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10'000);
        QCOMPARE(model->message(0).messageId, approved);
        QCOMPARE(model->rowOfMessage(removed), -1);
        QCOMPARE(window->review()->toggleAction()->text(), QStringLiteral("Review (0)"));
        QVERIFY(closeConsole(*window));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
