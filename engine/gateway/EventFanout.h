#pragma once

#include "EventBus.h"
#include "EventRecord.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace airdisplay {

class ClientSession;
class FleetIndex;
class FleetEngine;
struct GatewayMetrics;

// The events of one hand-over from the engine, encoded once for every live subscriber.
struct FanoutBatch
{
    QList<EventRecord> events;   // in global sequence order
    QList<QByteArray> json;      // per event: its "event" frame's JSON
    QList<QByteArray> wire;      // per event: that JSON as a complete WebSocket text frame
    QByteArray allEventFrames;   // every event's frame back to back: one write per subscriber
    QList<QByteArray> allBatchFrames; // every event in "events" frames of at most kMaxBatchBytes
};

// Hands committed events to the WebSocket sessions that subscribed live, on the gateway thread.
//
// One engine subscription serves every such session: the store's completion thread only appends a
// batch to one list and wakes the gateway thread once, instead of copying each event into a
// thousand inboxes. The gateway thread encodes each event once and writes the same bytes to every
// subscriber of all banners; sessions subscribed to a set of banners are found through an index by
// banner, those with a bounding box by one position lookup per event. A session that subscribes
// from a sequence number catches up through its own engine subscription instead (see ClientSession).
//
// If the gateway thread falls behind by more than maxPendingEvents, the list keeps only the latest
// event per banner past that point and every subscriber is owed those states, as a slow client is.
class EventFanout : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kMaxBatchBytes = 256 * 1024;

    EventFanout(FleetEngine &engine, GatewayMetrics &metrics, int maxPendingEvents, QObject *parent = nullptr);
    ~EventFanout() override;

    // Subscribes to the engine. The gateway thread.
    void start();
    void stop();

    // banners empty: every banner. The session's bounding box (if any) is applied per event.
    void add(ClientSession *session, const QSet<qint64> &banners, bool hasBox, bool batch);
    void remove(ClientSession *session);
    int subscriberCount() const { return int(m_members.size()); }

    // Takes what the engine handed over and writes it to the subscribers. Queued by the engine's
    // thread; public so that a test can drain at once.
    void drain();

    // The selected events as "events" frames' JSON, each at most about kMaxBatchBytes.
    static QList<QByteArray> batchPayloads(const QList<EventRecord> &events, const QList<QByteArray> &json,
                                           const QList<int> &indices);

private:
    struct Member
    {
        QSet<qint64> banners;
        bool hasBox = false;
        bool batch = false;
    };
    struct Shared // between the engine's publishing thread and the gateway thread
    {
        QMutex mutex;
        EventFanout *fanout = nullptr;
        QList<EventRecord> pending;
        QHash<qint64, EventRecord> coalesced; // latest per banner, past the pending limit
        qint64 firstCoalescedSeq = 0;
        bool wakePending = false;
        int maxPending = 0;
    };

    static void push(const std::shared_ptr<Shared> &shared, const QList<EventRecord> &events);
    FanoutBatch encode(QList<EventRecord> events) const;
    void deliverFiltered(const FanoutBatch &batch);

    FleetEngine &m_engine;
    GatewayMetrics &m_metrics;
    std::shared_ptr<Shared> m_shared;
    std::optional<SubscriptionId> m_subscription;
    QHash<ClientSession *, Member> m_members;
    QSet<ClientSession *> m_all;                  // every banner, no box: the shared frames
    QHash<qint64, QSet<ClientSession *>> m_byBanner; // banner sets
    QSet<ClientSession *> m_boxed;                // every banner inside a box
    int m_allEventMode = 0; // members of m_all that want one frame per event
    int m_allBatchMode = 0; // members of m_all that want "events" frames
};

} // namespace airdisplay
