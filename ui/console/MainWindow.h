#pragma once

#include "ConsoleSettings.h"
#include "MapSnapshotBuilder.h"
#include "StatsSampler.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QProgressDialog;

namespace airdisplay {

class AlertsDock;
class AlertsModel;
class BannerPanel;
class DispatcherActions;
class EventLogDock;
class EventLogModel;
class MapJumpList;
class FirstRunGuide;
class FleetMapWidget;
class FleetSession;
class MessageQueueModel;
class MessageQueueView;
class ReviewInbox;
class SettingsDialog;
class StatsDock;
class StatusBarFitter;

// The dispatcher's console: the live map in the middle, the selected banner and live charts on the
// right, the fleet-wide queue and the event log below. Every panel is a dock whose layout is kept
// between runs. The engine runs in a FleetSession; this window only reads snapshots and sends
// commands, never waiting for either.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `settings` are this run's (the stored ones with the command line's overrides), `stored` what
    // QSettings holds: Apply and the theme toggle save only what the dispatcher changed into it.
    MainWindow(const ConsoleSettings &settings, const ConsoleSettings &stored, QWidget *parent = nullptr);
    explicit MainWindow(const ConsoleSettings &settings, QWidget *parent = nullptr) : MainWindow(settings, settings, parent) {}
    ~MainWindow() override;

    // Opens the fleet with the current settings.
    void start();
    const ConsoleSettings &settings() const { return m_settings; }
    // Applies new settings: theme at once, and reopens the fleet if the engine's part changed.
    // Saved with QSettings when save is set.
    void applySettings(const ConsoleSettings &settings, bool save = true);
    void setDarkTheme(bool dark);

    // Saves a picture of the window settleMs after the fleet is up (the demo fleet flying, if any).
    void saveScreenshotWhenSettled(const QString &file, int settleMs);

    FleetSession *session() const { return m_session; }
    FleetMapWidget *map() const { return m_map; }
    MapJumpList *jumpList() const { return m_jumpList; }
    MessageQueueModel *queueModel() const { return m_queueModel; }
    MessageQueueView *queueView() const { return m_queueView; }
    BannerPanel *bannerPanel() const { return m_bannerPanel; }
    EventLogModel *eventLog() const { return m_eventLog; }
    DispatcherActions *dispatcher() const { return m_actions; }
    AlertsModel *alerts() const { return m_alerts; }
    AlertsDock *alertsDock() const { return m_alertsDock; }
    FirstRunGuide *firstRunGuide() const { return m_guide; }
    ReviewInbox *review() const { return m_review; }

signals:
    void fleetReady();
    void screenshotSaved(const QString &file, bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createDocks();
    // The alerts dock, its model and the first-run guide over the map, wired in one place.
    void setupAlerts();
    void updateFirstRunGuide(const MapSnapshotBuilder::Counts &counts);
    void createActions();
    void createStatusBar();
    void setupReview();
    void restoreLayout();
    void applyDefaultDockSizes();
    void saveLayout();
    void onSessionOpened();
    void onSessionClosing();
    void onSessionClosed();
    void onSnapshot(const MapBannerSnapshot &snapshot, const MapSnapshotBuilder::Counts &counts);
    void onStats(const StatsSample &sample);
    void updateClock();
    void selectFromMap(const QList<quint64> &ids);
    void selectFromQueue(const QList<qint64> &ids);
    void findBanner();
    void showSettings();
    void showAbout();
    void showProgress(const QString &stage, int done, int total);
    void hideProgress();
    void closeSession();
    void reportProblem(const QString &text);

    ConsoleSettings m_settings;
    ConsoleSettings m_storedSettings;
    ConsoleSettings m_pendingSettings; // what the session reopens with after it closed
    bool m_reopenAfterClose = false;
    bool m_quitting = false;

    FleetSession *m_session;
    DispatcherActions *m_actions;
    StatsSampler *m_stats;
    MessageQueueModel *m_queueModel;
    EventLogModel *m_eventLog;

    FleetMapWidget *m_map;
    MapJumpList *m_jumpList = nullptr;
    QElapsedTimer m_openedAt; // since the fleet last opened: devices are still reconnecting
    static constexpr qint64 kReconnectNoticeMs = 120'000;
    MessageQueueView *m_queueView;
    BannerPanel *m_bannerPanel;
    QDockWidget *m_queueDock = nullptr;
    QDockWidget *m_bannerDock = nullptr;
    EventLogDock *m_eventDock = nullptr;
    StatsDock *m_statsDock = nullptr;
    AlertsModel *m_alerts = nullptr;
    AlertsDock *m_alertsDock = nullptr;
    FirstRunGuide *m_guide = nullptr;
    ReviewInbox *m_review = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QProgressDialog *m_progress = nullptr;
    QLineEdit *m_find = nullptr;
    QAction *m_darkAction = nullptr;

    QLabel *m_fleetLabel;
    QLabel *m_residentLabel;
    QLabel *m_rateLabel;
    QLabel *m_latencyLabel;
    QLabel *m_clientsLabel;
    QLabel *m_clockLabel;
    StatusBarFitter *m_statusFitter = nullptr;
    QTimer m_clockTimer;
    bool m_syncingSelection = false;
    bool m_firstSnapshot = true;
    bool m_defaultDockSizesPending = false; // no saved layout: the docks are sized once shown
};

} // namespace airdisplay
