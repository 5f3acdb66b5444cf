#include "MainWindow.h"

#include "AlertsDock.h"
#include "AlertsModel.h"
#include "BannerPanel.h"
#include "ConsoleLogging.h"
#include "ConsoleTheme.h"
#include "DispatcherActions.h"
#include "EventLogDock.h"
#include "EventLogModel.h"
#include "MapJumpList.h"
#include "FirstRunGuide.h"
#include "FleetFeed.h"
#include "FleetMapWidget.h"
#include "FleetSession.h"
#include "Gateway.h"
#include "MessageQueueModel.h"
#include "MessageQueueView.h"
#include "ReviewInbox.h"
#include "SettingsDialog.h"
#include "StatsDock.h"
#include "StatusBarFitter.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScreen>
#include <QShowEvent>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimeZone>
#include <QTableView>
#include <QToolBar>

#include <utility>

namespace airdisplay {

namespace {

QString compact(double value)
{
    const QLocale locale;
    if (value >= 1e6)
        return QStringLiteral("%1 M").arg(locale.toString(value / 1e6, 'f', 2));
    if (value >= 1e4)
        return QStringLiteral("%1 k").arg(locale.toString(value / 1e3, 'f', 1));
    return locale.toString(value, 'f', 0);
}

} // namespace

MainWindow::MainWindow(const ConsoleSettings &settings, const ConsoleSettings &stored, QWidget *parent)
    : QMainWindow(parent), m_settings(settings), m_storedSettings(stored), m_session(new FleetSession(this)),
      m_actions(new DispatcherActions(this)), m_stats(new StatsSampler(this)), m_queueModel(new MessageQueueModel(this)),
      m_eventLog(new EventLogModel(5000, this)), m_map(new FleetMapWidget(this)),
      m_queueView(new MessageQueueView(m_queueModel, m_actions)), m_bannerPanel(new BannerPanel(m_queueModel, m_actions)),
      m_fleetLabel(new QLabel(this)), m_residentLabel(new QLabel(this)), m_rateLabel(new QLabel(this)),
      m_latencyLabel(new QLabel(this)), m_clientsLabel(new QLabel(this)), m_clockLabel(new QLabel(this))
{
    setWindowTitle(tr("AirDisplay"));
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_map);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    createDocks();
    setupAlerts();
    createActions();
    setupReview();
    createStatusBar();
    restoreLayout();
    setDarkTheme(m_settings.darkTheme);

    connect(m_session, &FleetSession::progress, this, &MainWindow::showProgress);
    connect(m_session, &FleetSession::opened, this, &MainWindow::onSessionOpened);
    connect(m_session, &FleetSession::closing, this, &MainWindow::onSessionClosing);
    connect(m_session, &FleetSession::closed, this, &MainWindow::onSessionClosed);
    connect(m_session, &FleetSession::openFailed, this, [this](const QString &reason) {
        hideProgress();
        QMessageBox::critical(this, tr("Cannot open the fleet"),
                              tr("The fleet database %1 could not be opened:\n%2").arg(m_session->location(), reason));
    });
    connect(m_session, &FleetSession::gatewayFailed, this,
            [this](const QString &reason) { reportProblem(tr("Remote clients cannot connect: %1").arg(reason)); });
    connect(m_session, &FleetSession::demoFlying, this, [this](int banners) {
        hideProgress();
        statusBar()->showMessage((banners == 1 ? tr("1 simulated banner flying") : tr("%1 simulated banners flying").arg(banners)), 5000);
        emit fleetReady();
    });
    connect(m_session, &FleetSession::demoFailed, this, [this](const QString &reason) {
        hideProgress();
        QMessageBox::warning(this, tr("Demo fleet"), reason);
    });

    connect(m_map, &FleetMapWidget::selectionChanged, this, &MainWindow::selectFromMap);
    connect(m_queueView, &MessageQueueView::bannersSelected, this, &MainWindow::selectFromQueue);
    connect(m_actions, &DispatcherActions::actionFailed, this, [this](const EventLogEntry &entry) {
        m_eventLog->append({entry});
        statusBar()->showMessage(entry.detail, 8000);
    });
    connect(m_actions, &DispatcherActions::completed, this, [this](DispatcherActions::Action action, int ok, int failed) {
        statusBar()->showMessage(failed == 0 ? (ok == 1 ? tr("%1: done").arg(DispatcherActions::label(action))
                                                       : tr("%1: done for %2").arg(DispatcherActions::label(action)).arg(ok))
                                             : tr("%1: %2 done, %3 failed").arg(DispatcherActions::label(action)).arg(ok).arg(failed),
                                 5000);
    });
    connect(m_stats, &StatsSampler::sampled, this, &MainWindow::onStats);

    m_clockTimer.setInterval(1000);
    connect(&m_clockTimer, &QTimer::timeout, this, &MainWindow::updateClock);
    m_clockTimer.start();
    updateClock();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_queueDock = new QDockWidget(tr("Message queue"), this);
    m_queueDock->setObjectName(QStringLiteral("messageQueueDock"));
    m_queueDock->setWidget(m_queueView);
    addDockWidget(Qt::BottomDockWidgetArea, m_queueDock);

    m_eventDock = new EventLogDock(m_eventLog, this);
    m_eventDock->setBannerResolver([this](const QString &callsign) -> std::optional<qint64> {
        const std::optional<quint64> id = m_map->bannerIdOf(callsign);
        return id ? std::optional<qint64>(qint64(*id)) : std::nullopt;
    });
    addDockWidget(Qt::BottomDockWidgetArea, m_eventDock);
    connect(m_map, &FleetMapWidget::selectionChanged, m_eventDock, [this](const QList<quint64> &ids) {
        m_eventDock->setSelectedBanner(ids.size() == 1 ? qint64(ids.first()) : 0);
    });
    splitDockWidget(m_queueDock, m_eventDock, Qt::Horizontal);

    m_bannerDock = new QDockWidget(tr("Banner"), this);
    m_bannerDock->setObjectName(QStringLiteral("bannerDock"));
    m_bannerDock->setWidget(m_bannerPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_bannerDock);

    m_statsDock = new StatsDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_statsDock);
    splitDockWidget(m_bannerDock, m_statsDock, Qt::Vertical);

    // A dock's content scrolls when the dock is smaller than it, rather than holding the window
    // to the sum of its docks' minimum sizes (it was 1291×976).
    for (QDockWidget *dock : {m_queueDock, static_cast<QDockWidget *>(m_eventDock), m_bannerDock,
                              static_cast<QDockWidget *>(m_statsDock)}) {
        auto *scroll = new QScrollArea(dock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(dock->widget());
        dock->setWidget(scroll);
    }

    // The right column runs the full height: the map and the queue share the width left of it.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
}

void MainWindow::setupAlerts()
{
    m_alerts = new AlertsModel(this);
    m_alertsDock = new AlertsDock(m_alerts, this);
    m_alertsDock->setSoundEnabled(m_settings.alertSound);
    addDockWidget(Qt::BottomDockWidgetArea, m_alertsDock);
    // Beside the event log, whose neighbour it is in meaning; the log stays in front until alerts
    // arrive, and the tab's title counts them meanwhile.
    tabifyDockWidget(m_eventDock, m_alertsDock);
    m_eventDock->raise();

    // The commands the engine refused are alerts too, besides their line in the event log.
    connect(m_actions, &DispatcherActions::actionFailed, m_alerts, [this](const EventLogEntry &entry) {
        m_alerts->raiseFailedCommand(entry.bannerId, entry.callsign, entry.detail, entry.atMs);
    });
    // The map's own selection path: selectionChanged brings the queue view and the banner panel along.
    connect(m_alertsDock, &AlertsDock::bannerActivated, this, [this](qint64 banner) {
        if (!m_map->findAndCenter(QString::number(banner)))
            selectFromQueue({banner}); // not on the map (no position yet): the panel still shows it
    });

    m_guide = new FirstRunGuide(m_map);
    m_guide->hide();
    auto openSettingsAt = [this](SettingsDialog::Section section) {
        showSettings();
        m_settingsDialog->showSection(section);
    };
    connect(m_guide, &FirstRunGuide::demoFleetRequested, this, [openSettingsAt] { openSettingsAt(SettingsDialog::Section::DemoFleet); });
    connect(m_guide, &FirstRunGuide::devicesRequested, this, [openSettingsAt] { openSettingsAt(SettingsDialog::Section::RemoteClients); });
}

void MainWindow::updateFirstRunGuide(const MapSnapshotBuilder::Counts &counts)
{
    // A demo that is starting registers its banners in a moment: no guide flashes before them.
    const bool empty = counts.registered == 0 && m_session->demoBanners() == 0;
    if (empty == m_guide->isHidden()) {
        m_guide->setVisible(empty);
        if (empty)
            m_guide->raise();
    }
}

void MainWindow::applyDefaultDockSizes()
{
    // Only once the window has its size: before, the docks are sized against a window that is not
    // laid out yet and end up at their minimum.
    const int w = width();
    if (w < 1400) {
        // Side by side, the queue and the log each get too little width below about 1,400 px for
        // the queue's text to be read: they share the space as tabs, the queue in front.
        tabifyDockWidget(m_queueDock, m_eventDock);
        tabifyDockWidget(m_queueDock, m_alertsDock);
        m_queueDock->raise();
    }
    resizeDocks({m_bannerDock}, {qBound(300, w * 3 / 10, 380)}, Qt::Horizontal);
    resizeDocks({m_queueDock}, {qBound(200, height() * 3 / 10, 300)}, Qt::Vertical);
    if (w >= 1400) {
        // The queue has more columns to show than the log: six of eleven parts to it.
        resizeDocks({m_queueDock, m_eventDock}, {720, 500}, Qt::Horizontal);
    }
    resizeDocks({m_bannerDock, m_statsDock}, {height() * 6 / 10, height() * 4 / 10}, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (std::exchange(m_defaultDockSizesPending, false))
        QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    settings->setShortcuts({QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    int n = 1;
    for (QDockWidget *dock : {m_queueDock, static_cast<QDockWidget *>(m_eventDock), m_bannerDock,
                              static_cast<QDockWidget *>(m_statsDock), static_cast<QDockWidget *>(m_alertsDock)}) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_0 + n++)));
        view->addAction(toggle);
    }
    view->addSeparator();
    m_darkAction = view->addAction(tr("&Dark theme"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(m_darkAction, &QAction::toggled, this, [this](bool dark) {
        if (dark == m_settings.darkTheme)
            return;
        ConsoleSettings s = m_settings;
        s.darkTheme = dark;
        applySettings(s);
    });

    QMenu *fleet = menuBar()->addMenu(tr("F&leet"));
    QAction *find = fleet->addAction(tr("&Find banner…"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_find->setFocus();
        m_find->selectAll();
    });
    QAction *world = fleet->addAction(tr("Show the &world"), m_map, &FleetMapWidget::showWorld);
    world->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *follow = fleet->addAction(tr("F&ollow selected banner"));
    follow->setCheckable(true);
    follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(follow, &QAction::toggled, m_map, &FleetMapWidget::setFollowSelected);
    connect(m_map, &FleetMapWidget::followSelectedChanged, follow, &QAction::setChecked);
    QAction *frameSelection = fleet->addAction(tr("&Zoom to selection"), m_map, &FleetMapWidget::frameSelection);
    frameSelection->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_9));
    frameSelection->setToolTip(tr("Frame the selected banners (Z on the map)"));
    fleet->addSeparator();
    for (DispatcherActions::Action a : DispatcherActions::all())
        fleet->addAction(m_queueView->action(a));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About AirDisplay"), this, &MainWindow::showAbout);
    about->setShortcut(QKeySequence::HelpContents);

    QToolBar *bar = addToolBar(tr("Fleet"));
    bar->setObjectName(QStringLiteral("fleetToolBar"));
    bar->setMovable(false);
    m_find = new QLineEdit(bar);
    m_find->setPlaceholderText(tr("Find banner by id or callsign (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(320);
    connect(m_find, &QLineEdit::returnPressed, this, &MainWindow::findBanner);
    bar->addWidget(m_find);
    m_jumpList = new MapJumpList(m_map, bar);
    bar->addWidget(m_jumpList);
    bar->addAction(world);
    bar->addAction(follow);
    bar->addSeparator();
    bar->addAction(settings);
}

// Review as an inbox: "Review (3)" in the toolbar, a Review menu with its keys. Undo of held
// commands lives in the queue view's bar; held commands are sent when the session closes.
void MainWindow::setupReview()
{
    m_review = new ReviewInbox(m_queueView, m_queueModel, m_actions, this);
    connect(m_review->toggleAction(), &QAction::toggled, this, [this](bool on) {
        if (on) {
            m_queueDock->show();
            m_queueDock->raise();
            // Again, now that the table can be seen: the inbox's keys are the queue view's.
            m_queueView->table()->setFocus();
        }
    });
    if (auto *bar = findChild<QToolBar *>(QStringLiteral("fleetToolBar")))
        bar->addAction(m_review->toggleAction());
    auto *review = new QMenu(tr("&Review"), this);
    review->addActions({m_review->toggleAction(), m_review->nextAction(), m_review->previousAction(),
                        m_review->approveAndNextAction()});
    menuBar()->insertMenu(menuBar()->actions().constLast(), review); // before Help
}

void MainWindow::createStatusBar()
{
    for (QLabel *label : {m_fleetLabel, m_residentLabel, m_rateLabel, m_latencyLabel, m_clientsLabel, m_clockLabel}) {
        label->setContentsMargins(8, 0, 8, 0);
        statusBar()->addPermanentWidget(label);
    }
    m_fleetLabel->setToolTip(tr("Registered banners, and how many display, wait or are offline"));
    m_residentLabel->setToolTip(tr("Banners whose actor is in memory"));
    m_rateLabel->setToolTip(tr("Engine messages handled per second, and accepted submissions per second"));
    m_latencyLabel->setToolTip(tr("99th percentile of the time from a change to its committed event, over the last second"));
    m_clientsLabel->setToolTip(tr("Remote clients on the gateway's WebSocket, and banner devices connected to the engine"));
    // Most important first: what the fleet is doing, who is connected, the time; the engine's
    // internals (also in the Statistics dock) give way first when the window is narrow.
    m_statusFitter = new StatusBarFitter(statusBar(), {m_fleetLabel, m_clientsLabel, m_clockLabel, m_rateLabel,
                                                       m_latencyLabel, m_residentLabel});
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray(); !geometry.isEmpty()) {
        restoreGeometry(geometry);
    } else {
        // The first run fits the screen it opens on: 90% of it, at most 1600×1000.
        const QScreen *screen = QGuiApplication::primaryScreen();
        const QSize available = screen ? screen->availableGeometry().size() : QSize(1600, 1000);
        resize(qMin(1600, int(available.width() * 0.9)), qMin(1000, int(available.height() * 0.9)));
    }
    const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray();
    m_defaultDockSizesPending = state.isEmpty() || !restoreState(state);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::setDarkTheme(bool dark)
{
    ConsoleTheme::apply(dark);
    m_map->setTheme(dark ? MapTheme::dark() : MapTheme::light());
    m_statsDock->setDark(dark);
    const QSignalBlocker blocker(m_darkAction);
    m_darkAction->setChecked(dark);
}

void MainWindow::start()
{
    QString listenError;
    const std::optional<GatewayOptions> gateway = m_settings.gatewayOptions(&listenError);
    if (!listenError.isEmpty())
        reportProblem(tr("Remote clients cannot connect: %1").arg(listenError));
    m_session->open(m_settings.databaseLocation(), m_settings.engineOptions(), m_settings.demoFleetSize, gateway);
}

void MainWindow::reportProblem(const QString &text)
{
    EventLogEntry entry;
    entry.atMs = QDateTime::currentMSecsSinceEpoch();
    entry.type = QStringLiteral("console_problem");
    entry.severity = EventLogEntry::Severity::Error;
    entry.detail = text;
    m_eventLog->append({entry});
    statusBar()->showMessage(text, 10000);
}

void MainWindow::applySettings(const ConsoleSettings &settings, bool save)
{
    const ConsoleSettings previous = m_settings;
    m_settings = settings;
    if (save) {
        m_storedSettings = m_storedSettings.withChanges(previous, settings);
        QSettings stored;
        m_storedSettings.save(stored);
    }
    if (settings.darkTheme != previous.darkTheme)
        setDarkTheme(settings.darkTheme);
    m_alertsDock->setSoundEnabled(settings.alertSound);
    if (!settings.needsRestartComparedTo(previous))
        return;
    qCInfo(lcUi) << "reopening the fleet with new settings";
    if (m_session->state() == FleetSession::State::Closed) {
        start();
        return;
    }
    m_reopenAfterClose = true;
    closeSession();
}

void MainWindow::closeSession()
{
    m_session->close();
}

void MainWindow::onSessionClosing()
{
    // The panels let go of the engine before it is shut down: nothing may send to it after. This
    // follows the session, not closeSession(): a close asked for while the fleet was opening
    // happens only after opened() has handed the engine out again (the console crashed in
    // StatsSampler::sample on the freed engine when Apply came during an open).
    m_actions->setEngine(nullptr);
    m_stats->setEngine(nullptr);
}

void MainWindow::onSessionOpened()
{
    FleetEngine *engine = m_session->engine();
    m_actions->setEngine(engine);
    m_stats->setEngine(engine, m_session->gateway());
    connect(m_session->feed(), &FleetFeed::queuesChanged, m_queueModel, &MessageQueueModel::apply);
    connect(m_session->feed(), &FleetFeed::eventsLogged, m_eventLog, &EventLogModel::append);
    connect(m_session->feed(), &FleetFeed::commitLatencySampled, m_stats,
            [this](double p99Ms, int) { m_stats->setCommitLatency(p99Ms); });
    connect(m_session->mapBuilder(), &MapSnapshotBuilder::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_session->mapBuilder(), &MapSnapshotBuilder::alertsChanged, m_alerts, &AlertsModel::apply);
    m_firstSnapshot = true;
    m_openedAt.start();
    statusBar()->showMessage(tr("Fleet open on %1").arg(m_session->location()), 5000);
    if (m_session->demoBanners() == 0) {
        hideProgress();
        emit fleetReady();
    }
}

void MainWindow::onSessionClosed()
{
    m_queueModel->clear();
    m_statsDock->clear();
    m_alerts->clear();
    m_guide->hide();
    m_map->setSnapshot(std::make_shared<const std::vector<MapBanner>>());
    hideProgress();
    if (m_quitting) {
        close();
        return;
    }
    if (m_reopenAfterClose) {
        m_reopenAfterClose = false;
        start();
    }
}

void MainWindow::onSnapshot(const MapBannerSnapshot &snapshot, const MapSnapshotBuilder::Counts &counts)
{
    if (MapSnapshotBuilder *builder = m_session->mapBuilder())
        builder->acknowledge();
    m_map->setSnapshot(snapshot);
    updateFirstRunGuide(counts);
    if (m_firstSnapshot && !snapshot->empty()) {
        m_firstSnapshot = false;
        m_map->showWorld();
    }
    const QLocale locale;
    auto count = [&](MapBannerStatus s) { return locale.toString(counts.byStatus[size_t(s)]); };
    // Right after an open every device is offline until it reconnects (100,000 take seconds): the map
    // says so instead of showing a red fleet without a word.
    const int offline = counts.byStatus[size_t(MapBannerStatus::Offline)];
    const bool reconnecting = m_openedAt.isValid() && m_openedAt.elapsed() < kReconnectNoticeMs
                           && counts.registered > 0 && offline * 5 > counts.registered;
    m_map->setNotice(reconnecting ? tr("Devices reconnecting after the start: %1 of %2 online")
                                        .arg(locale.toString(counts.registered - offline), locale.toString(counts.registered))
                                  : QString());
    m_fleetLabel->setText(tr("%1 banners · %2 displaying · %3 queued · %4 review · %5 idle · %6 offline · %7 stale")
                              .arg(locale.toString(counts.registered), count(MapBannerStatus::Displaying),
                                   count(MapBannerStatus::Queued), count(MapBannerStatus::PendingReview),
                                   count(MapBannerStatus::Idle), count(MapBannerStatus::Offline),
                                   count(MapBannerStatus::Stale)));
    m_statusFitter->fit();
}

void MainWindow::onStats(const StatsSample &sample)
{
    m_statsDock->addSample(sample);
    m_residentLabel->setText(tr("%1 resident").arg(compact(sample.residentBanners)));
    m_rateLabel->setText(tr("%1 msg/s · %2 sub/s").arg(compact(sample.messagesPerSecond), compact(sample.submissionsPerSecond)));
    m_latencyLabel->setText(tr("commit p99 %1 ms").arg(compact(sample.commitLatencyP99Ms)));
    // Where remote clients can reach this console, while it serves them.
    const Gateway *gateway = m_session->gateway();
    m_clientsLabel->setText(gateway ? tr("%1 clients on %2:%3 · %4 devices")
                                          .arg(compact(sample.connectedClients), gateway->address().toString())
                                          .arg(gateway->port())
                                          .arg(compact(sample.connectedDevices))
                                    : tr("no gateway · %1 devices").arg(compact(sample.connectedDevices)));
    m_statusFitter->fit();
}

void MainWindow::updateClock()
{
    const QDateTime now = QDateTime::currentDateTime();
    m_clockLabel->setText(tr("UTC %1 · local %2")
                              .arg(now.toUTC().toString(QStringLiteral("HH:mm:ss")), now.toString(QStringLiteral("HH:mm:ss"))));
    if (m_statusFitter)
        m_statusFitter->fit();
}

void MainWindow::selectFromMap(const QList<quint64> &ids)
{
    if (m_syncingSelection)
        return;
    QList<qint64> banners;
    banners.reserve(ids.size());
    for (quint64 id : ids)
        banners.append(qint64(id));
    m_syncingSelection = true;
    m_queueView->setSelectedBanners(banners);
    m_syncingSelection = false;
    m_bannerPanel->setBanner(banners.isEmpty() ? 0 : banners.first());
}

void MainWindow::selectFromQueue(const QList<qint64> &ids)
{
    if (m_syncingSelection)
        return;
    QList<quint64> banners;
    for (qint64 id : ids)
        banners.append(quint64(id));
    m_syncingSelection = true;
    m_map->setSelectedIds(banners);
    m_syncingSelection = false;
    if (banners.size() == 1) {
        if (const auto position = m_map->bannerPosition(banners.first()))
            m_map->centerOn(*position);
    }
    m_bannerPanel->setBanner(ids.isEmpty() ? 0 : ids.first());
}

void MainWindow::findBanner()
{
    const QString query = m_find->text().trimmed();
    if (query.isEmpty())
        return;
    if (!m_map->findAndCenter(query))
        statusBar()->showMessage(tr("No banner “%1” on the map").arg(query), 5000);
}

void MainWindow::showSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(m_settings, this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settingsDialog, &SettingsDialog::settingsApplied, this,
                [this](const ConsoleSettings &settings) { applySettings(settings); });
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About AirDisplay"),
                       tr("<h3>AirDisplay %1</h3>"
                          "<p>The dispatcher's console for a fleet of electronic airplane banners: where every "
                          "banner is, what it really shows, and its queue, live.</p>"
                          "<p>Built with Qt %2. Basemap: Natural Earth, via world-atlas (ISC).</p>"
                          "<p>Fleet database: %3</p>")
                           .arg(QStringLiteral(AIRDISPLAY_VERSION), QString::fromLatin1(qVersion()),
                                m_session->location().toHtmlEscaped()));
}

void MainWindow::showProgress(const QString &stage, int done, int total)
{
    if (!m_progress) {
        m_progress = new QProgressDialog(this);
        m_progress->setWindowTitle(tr("AirDisplay"));
        m_progress->setCancelButton(nullptr);
        m_progress->setMinimumDuration(0);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setMinimumWidth(420);
    }
    m_progress->setLabelText(total > 0 ? tr("%1 %2 of %3").arg(stage, QLocale().toString(done), QLocale().toString(total)) : stage);
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->show();
}

void MainWindow::hideProgress()
{
    if (m_progress)
        m_progress->hide();
}

void MainWindow::saveScreenshotWhenSettled(const QString &file, int settleMs)
{
    connect(this, &MainWindow::fleetReady, this, [this, file, settleMs] {
        // Halfway, a banner that is displaying is selected (unless one is), so that the picture
        // shows the banner panel filled in as well.
        QTimer::singleShot(settleMs / 2, this, [this] {
            if (!m_map->selectedIds().isEmpty())
                return;
            for (int row = 0; row < m_queueModel->rowCount(); ++row) {
                const QueuedMessage &m = m_queueModel->message(row);
                if (m.status == BannerMessage::Status::Displaying) {
                    m_map->setSelectedIds({quint64(m.bannerId)});
                    return;
                }
            }
        });
        QTimer::singleShot(settleMs, this, [this, file] {
            const bool ok = grab().save(file);
            qCInfo(lcUi) << (ok ? "saved a screenshot to" : "could not save a screenshot to") << file;
            emit screenshotSaved(file, ok);
        });
    }, Qt::SingleShotConnection);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_session->state() == FleetSession::State::Closed) {
        if (!m_quitting)
            saveLayout();
        event->accept();
        return;
    }
    // The engine commits what it accepted before the window goes; that takes a moment and happens
    // off the GUI thread.
    if (!m_quitting) {
        saveLayout();
        m_quitting = true;
        closeSession();
    }
    event->ignore();
}

} // namespace airdisplay
