#pragma once

#include "EventRecord.h"

#include <QList>
#include <QMutex>
#include <QReadWriteLock>
#include <QSet>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace airdisplay {

class Store;

using SubscriptionId = quint64;
using EventHandler = std::function<void(const QList<EventRecord> &)>;

// Publishes committed events to subscribers, in commit (global sequence) order.
//
// A subscriber takes every banner's events or those of a set of banners, live from now on or from
// a global sequence number on: it then first gets what the store's event log holds after that
// number, then the live events, with nothing lost or repeated at the seam. A failed read of the
// log is retried (with a growing pause) until it succeeds or the subscription ends: it never goes
// live with a gap. A handler runs on the
// thread that published (the store's completion thread) or on a catch-up thread, never two at once for one
// subscription; it must be quick, must not wait on the engine (hand the events to a queue) and must
// not subscribe or unsubscribe (publishing holds the bus's lock).
class EventBus
{
public:
    explicit EventBus(Store &store);
    ~EventBus();
    EventBus(const EventBus &) = delete;
    EventBus &operator=(const EventBus &) = delete;

    // banners empty: all banners. afterSeq set: catch up from the log first.
    SubscriptionId subscribe(EventHandler handler, QSet<qint64> banners = {},
                             std::optional<qint64> afterSeq = std::nullopt);
    // After it returns, the handler is not running and is never called again.
    void unsubscribe(SubscriptionId id);
    // True once a subscription from a sequence number has delivered the log and follows live
    // publishing (always true for a live one; false for an unknown id).
    bool isLive(SubscriptionId id) const;
    // Ends every catch-up and drops every subscriber (before the store closes).
    void close();

    // Events of one committed batch, called in commit order.
    void publish(const QList<EventRecord> &events);

    int subscriberCount() const;
    quint64 publishedCount() const;

private:
    struct Subscription
    {
        EventHandler handler;
        QSet<qint64> banners;
        QMutex mutex;              // serialises the handler and guards the fields below
        qint64 lastSeq = 0;        // the last event handed over (or skipped by the filter)
        bool live = true;          // false while catching up: live events are buffered
        bool cancelled = false;
        QList<EventRecord> buffer; // live events that arrived during the catch-up

        void deliver(const QList<EventRecord> &events); // mutex held
    };

    void catchUp(const std::shared_ptr<Subscription> &subscription);
    static void waitBeforeRetry(Subscription &subscription, int ms);

    Store &m_store;
    mutable QReadWriteLock m_lock;
    std::unordered_map<SubscriptionId, std::shared_ptr<Subscription>> m_subscriptions;
    SubscriptionId m_nextId = 1;
    std::atomic<quint64> m_published{0};
    QThreadPool m_catchUpPool;
};

} // namespace airdisplay
