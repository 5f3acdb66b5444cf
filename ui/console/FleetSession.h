#pragma once

#include "FleetEngineOptions.h"
#include "FleetError.h"
#include "FleetHost.h"
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

// One running fleet (a FleetHost: engine, gateway, demo) and what the console hangs on it: the
// event feed and the map's snapshot builder, each on its own thread. Opening and
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
    FleetEngine *engine() const { return m_state == State::Open ? &m_host->engine() : nullptr; }
    FleetFeed *feed() const { return m_feed; }
    MapSnapshotBuilder *mapBuilder() const { return m_mapBuilder; }
    // Set while Open and the gateway listens.
    const Gateway *gateway() const { return m_state == State::Open ? m_host->gateway() : nullptr; }

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
    // What a running session owns, handed to whoever tears it down.
    struct Parts
    {
        std::shared_ptr<FleetHost> host;
        FleetFeed *feed = nullptr;
        MapSnapshotBuilder *mapBuilder = nullptr;
        QThread *feedThread = nullptr;
        QThread *mapThread = nullptr;
    };

    void setState(State state);
    void onOpenFinished(const FleetError &error);
    void onOpened();
    void startDemo();
    Parts takeParts();
    // Stops the console's workers, then the host (gateway, demo, engine, in its order); blocks, so
    // it runs on a pool thread (or at exit).
    static void tearDown(Parts parts);

    State m_state = State::Closed;
    QString m_location;
    int m_demoBanners = 0;
    bool m_closeRequested = false;
    // Set while the pool opens or closes this session; the destructor waits for them.
    std::optional<Reply<FleetError>> m_opening;
    std::optional<Reply<bool>> m_closing;
    std::shared_ptr<FleetHost> m_host;
    FleetFeed *m_feed = nullptr;
    MapSnapshotBuilder *m_mapBuilder = nullptr;
    // Made for each session (see newThread in the source) and deleted by tearDown().
    QThread *m_feedThread = nullptr;
    QThread *m_mapThread = nullptr;
};

} // namespace airdisplay
