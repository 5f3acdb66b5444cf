#pragma once

#include "FleetEngineOptions.h"
#include "FleetError.h"
#include "GatewayOptions.h"
#include "Reply.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <optional>

namespace airdisplay {

class FleetEngine;
class Gateway;
class FleetFeed;
class MapSnapshotBuilder;

// One running engine and what the console hangs on it: the event feed and the map's snapshot
// builder, each on its own thread, and in demo mode a simulated fleet on a third. Opening and
// closing run on a worker, so the GUI thread never waits on the database; both report back with
// signals.
class FleetSession : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Opening, Open, Closing };
    Q_ENUM(State)

    explicit FleetSession(QObject *parent = nullptr);
    // Closes what is still open, waiting for it, and first for an open or close still running on
    // the pool: only reached when the program ends without close().
    ~FleetSession() override;

    // gateway set: remote clients are served too.
    void open(const QString &location, const FleetEngineOptions &options, int demoBanners,
              std::optional<GatewayOptions> gateway = std::nullopt);
    void close();

    State state() const { return m_state; }
    QString location() const { return m_location; }
    int demoBanners() const { return m_demoBanners; }
    // Set while Open.
    FleetEngine *engine() const { return m_state == State::Open ? m_engine.get() : nullptr; }
    FleetFeed *feed() const { return m_feed; }
    MapSnapshotBuilder *mapBuilder() const { return m_mapBuilder; }
    // Set while Open and the gateway listens.
    const Gateway *gateway() const { return m_state == State::Open ? m_gateway.get() : nullptr; }

signals:
    void stateChanged(airdisplay::FleetSession::State state);
    // total 0: no measure of how far along it is.
    void progress(const QString &stage, int done, int total);
    void opened();
    void openFailed(const QString &reason);
    // The fleet is open, but remote clients cannot connect.
    void gatewayFailed(const QString &reason);
    void demoFlying(int banners);
    void demoFailed(const QString &reason);
    // The engine, the gateway, the feed and the map builder are about to be shut down and freed:
    // whoever took them at opened() lets go of them here, on the GUI thread, before anything is torn
    // down. Every opened() is followed by one closing(), also when the close was asked for while
    // the session was still opening.
    void closing();
    void closed();

private:
    // What the worker that opens a session hands back.
    struct Opened
    {
        FleetError error;
        std::shared_ptr<Gateway> gateway;
        QString gatewayError;
    };

    // What a running session owns, handed to whoever tears it down.
    struct Parts
    {
        std::shared_ptr<FleetEngine> engine;
        std::shared_ptr<Gateway> gateway;
        FleetFeed *feed = nullptr;
        MapSnapshotBuilder *mapBuilder = nullptr;
        QObject *demoContext = nullptr;
        QThread *feedThread = nullptr;
        QThread *mapThread = nullptr;
        QThread *demoThread = nullptr;
    };

    void setState(State state);
    // On a pool thread: opens the engine and the gateway.
    static Opened openParts(FleetEngine &engine, const QString &location, const std::optional<GatewayOptions> &gateway);
    void onOpenFinished(const Opened &opened);
    void onOpened();
    void startDemo();
    Parts takeParts();
    // Stops the workers and shuts the engine down; blocks, so it runs on a pool thread (or at exit).
    static void tearDown(Parts parts);

    State m_state = State::Closed;
    QString m_location;
    int m_demoBanners = 0;
    bool m_closeRequested = false;
    // Set while the pool opens or closes this session; the destructor waits for them.
    std::optional<Reply<Opened>> m_opening;
    std::optional<Reply<bool>> m_closing;
    std::shared_ptr<FleetEngine> m_engine;
    std::shared_ptr<Gateway> m_gateway;
    FleetFeed *m_feed = nullptr;
    MapSnapshotBuilder *m_mapBuilder = nullptr;
    QObject *m_demoContext = nullptr;
    // Made for each session (see newThread in the source) and deleted by tearDown().
    QThread *m_feedThread = nullptr;
    QThread *m_mapThread = nullptr;
    QThread *m_demoThread = nullptr;
};

} // namespace airdisplay
