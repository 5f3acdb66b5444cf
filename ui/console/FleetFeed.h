#pragma once

#include "BannerQueueMirror.h"
#include "BannerState.h"
#include "FleetEvent.h"
#include "EventLogEntry.h"
#include "FleetSnapshot.h"
#include "EventRecord.h"
#include "QueuedMessage.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace airdisplay {

class FleetEngine;

// Follows every committed event of the fleet on a worker thread and turns it into what the console
// shows: each banner's queue (for the queue view), log lines, and the commit latency.
//
// The engine's index knows only how long a banner's queue is, not what is in it, so the feed keeps
// the queues of the banners that have something queued, applying events in each banner's sequence.
// Each event carries the banner's summary after its change; where the feed's copy disagrees with it
// (a gap, a banner whose queue predates the console, a seam at start-up) the feed asks the banner for
// its state and applies what arrived meanwhile on top. Empty banners cost nothing, so a million idle
// banners are not held twice.
//
// A queue that was already there when the console opened produces no event until its banner does
// something, so the feed also reads the event log once, in pages between its drains: every banner
// whose last logged event left something queued or on display is then asked for its state.
//
// Event handlers run on the engine's threads; they only append to an inbox that the feed drains on
// its own timer, so a burst of events costs one wake-up per drain, not one per event.
class FleetFeed : public QObject
{
    Q_OBJECT

public:
    // scanBacklog: also find the queues that predate the console (in the engine's index, which
    // holds every banner's last committed summary); false: only what happens from now on.
    explicit FleetFeed(FleetEngine *engine, bool scanBacklog = true, QObject *parent = nullptr);
    ~FleetFeed() override;

    // On the feed's thread.
    void start();
    void stop();

    static constexpr int kDrainIntervalMs = 100;
    // Log lines handed on per drain: a burst of a million connections would otherwise flood the view.
    static constexpr int kMaxLogLinesPerDrain = 2000;
    // Index shards read per step of the start-up scan: a few milliseconds of the feed's thread.
    static constexpr int kScanShardsPerStep = 8;

signals:
    void queuesChanged(const QList<airdisplay::BannerQueueUpdate> &updates);
    void eventsLogged(const QList<airdisplay::EventLogEntry> &entries);
    // Once a second: how long committed events took from their change to their publication.
    void commitLatencySampled(double p99Ms, int events);
    // The start-up scan is done: the queues it found are being read.
    void backlogScanned(int bannersWithQueues);

private:
    struct Inbox;
    struct TrackedBanner
    {
        BannerQueueMirror mirror;
        QString callsign;
        bool refreshing = false;
        QList<FleetEvent> buffered; // arrived while refreshing, or after a gap
    };

    void drain();
    void scanBacklog();
    bool applyEvent(const FleetEvent &event);
    void requestRefresh(qint64 bannerId);
    void pumpRefreshes();
    void onState(qint64 bannerId, const std::optional<BannerState> &state);
    BannerQueueUpdate updateFor(qint64 bannerId);
    QString callsignOf(qint64 bannerId) const;
    EventLogEntry describe(const FleetEvent &event) const;
    void sampleLatency();

    FleetEngine *m_engine;
    bool m_scanBacklog;
    std::shared_ptr<Inbox> m_inbox;
    quint64 m_subscription = 0;
    QTimer m_drainTimer;
    QTimer m_latencyTimer;
    QTimer m_scanTimer;
    FleetSnapshot m_scanSnapshot; // taken after subscribing: later changes arrive live
    int m_scannedShards = 0;
    int m_scanFound = 0;
    QHash<qint64, TrackedBanner> m_banners;
    std::deque<qint64> m_refreshQueue;
    QSet<qint64> m_refreshed; // states read since the last drain, told by it
    int m_refreshesInFlight = 0;
    std::vector<qint64> m_latencies;
};

} // namespace airdisplay
