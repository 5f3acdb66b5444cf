#include "EventFanout.h"

#include "ClientSession.h"
#include "FleetEngine.h"
#include "GatewayMetrics.h"
#include "ProtocolEncoder.h"
#include "WebSocketWire.h"

#include <algorithm>
#include <numeric>

namespace airdisplay {

EventFanout::EventFanout(FleetEngine &engine, GatewayMetrics &metrics, int maxPendingEvents, QObject *parent)
    : QObject(parent), m_engine(engine), m_metrics(metrics), m_shared(std::make_shared<Shared>())
{
    m_shared->fanout = this;
    m_shared->maxPending = maxPendingEvents;
}

EventFanout::~EventFanout()
{
    stop();
}

void EventFanout::start()
{
    if (m_subscription)
        return;
    std::weak_ptr<Shared> weak = m_shared;
    m_subscription = m_engine.subscribe(
        [weak](const QList<EventRecord> &events) {
            if (auto shared = weak.lock())
                push(shared, events);
        },
        {}, std::nullopt);
}

void EventFanout::stop()
{
    if (m_subscription) {
        // Returns once the handler is not running and never will again.
        m_engine.unsubscribe(*m_subscription);
        m_subscription.reset();
    }
    QMutexLocker locker(&m_shared->mutex);
    m_shared->fanout = nullptr;
    m_shared->pending.clear();
    m_shared->coalesced.clear();
}

// The store's completion thread: append and wake, nothing else.
void EventFanout::push(const std::shared_ptr<Shared> &shared, const QList<EventRecord> &events)
{
    QMutexLocker locker(&shared->mutex);
    if (!shared->fanout)
        return;
    for (const EventRecord &e : events) {
        if (shared->coalesced.isEmpty() && shared->pending.size() < shared->maxPending) {
            shared->pending.append(e);
            continue;
        }
        if (shared->coalesced.isEmpty())
            shared->firstCoalescedSeq = e.globalSeq;
        shared->coalesced.insert(e.bannerId, e);
    }
    if (!shared->wakePending) {
        shared->wakePending = true;
        // Posted under the lock: stop() takes it before the fanout goes, and a destroyed
        // receiver's posted calls are discarded.
        QMetaObject::invokeMethod(shared->fanout, &EventFanout::drain, Qt::QueuedConnection);
    }
}

void EventFanout::add(ClientSession *session, const QSet<qint64> &banners, bool hasBox, bool batch)
{
    remove(session);
    m_members.insert(session, {banners, hasBox, batch});
    m_metrics.liveSubscribers.store(int(m_members.size()), std::memory_order_relaxed);
    if (!banners.isEmpty()) {
        for (qint64 id : banners)
            m_byBanner[id].insert(session);
    } else if (hasBox) {
        m_boxed.insert(session);
    } else {
        m_all.insert(session);
        ++(batch ? m_allBatchMode : m_allEventMode);
    }
}

void EventFanout::remove(ClientSession *session)
{
    const auto it = m_members.constFind(session);
    if (it == m_members.cend())
        return;
    const Member &m = it.value();
    if (!m.banners.isEmpty()) {
        for (qint64 id : m.banners) {
            auto set = m_byBanner.find(id);
            if (set != m_byBanner.end()) {
                set->remove(session);
                if (set->isEmpty())
                    m_byBanner.erase(set);
            }
        }
    } else if (m.hasBox) {
        m_boxed.remove(session);
    } else {
        m_all.remove(session);
        --(m.batch ? m_allBatchMode : m_allEventMode);
    }
    m_members.erase(it);
    m_metrics.liveSubscribers.store(int(m_members.size()), std::memory_order_relaxed);
}

FanoutBatch EventFanout::encode(QList<EventRecord> events) const
{
    FanoutBatch b;
    b.events = std::move(events);
    b.json.reserve(b.events.size());
    b.wire.reserve(b.events.size());
    for (const EventRecord &e : std::as_const(b.events)) {
        b.json.append(ProtocolEncoder::eventFrame(e));
        b.wire.append(WebSocketWire::textFrame(b.json.constLast()));
    }
    if (m_allEventMode > 0) {
        qsizetype bytes = 0;
        for (const QByteArray &w : std::as_const(b.wire))
            bytes += w.size();
        b.allEventFrames.reserve(bytes);
        for (const QByteArray &w : std::as_const(b.wire))
            b.allEventFrames += w;
    }
    if (m_allBatchMode > 0) {
        QList<int> all(b.events.size());
        std::iota(all.begin(), all.end(), 0);
        for (const QByteArray &payload : batchPayloads(b.events, b.json, all))
            b.allBatchFrames.append(WebSocketWire::textFrame(payload));
    }
    return b;
}

QList<QByteArray> EventFanout::batchPayloads(const QList<EventRecord> &events, const QList<QByteArray> &json,
                                             const QList<int> &indices)
{
    QList<QByteArray> payloads;
    qsizetype from = 0;
    while (from < indices.size()) {
        qsizetype to = from;
        qsizetype bytes = 0;
        while (to < indices.size() && (to == from || bytes + json.at(indices.at(to)).size() < kMaxBatchBytes))
            bytes += json.at(indices.at(to++)).size() + 1;
        QByteArray f;
        f.reserve(bytes + 96);
        f += R"({"type":"events","count":)" + QByteArray::number(to - from);
        f += R"(,"fromSeq":)" + QByteArray::number(events.at(indices.at(from)).globalSeq);
        f += R"(,"toSeq":)" + QByteArray::number(events.at(indices.at(to - 1)).globalSeq);
        f += R"(,"events":[)";
        for (qsizetype i = from; i < to; ++i) {
            if (i > from)
                f += ',';
            f += json.at(indices.at(i));
        }
        f += "]}";
        payloads.append(f);
        from = to;
    }
    return payloads;
}

void EventFanout::drain()
{
    QList<EventRecord> events;
    QList<EventRecord> coalesced;
    qint64 firstCoalescedSeq = 0;
    {
        QMutexLocker locker(&m_shared->mutex);
        m_shared->wakePending = false;
        events.swap(m_shared->pending);
        if (!m_shared->coalesced.isEmpty()) {
            coalesced = m_shared->coalesced.values();
            m_shared->coalesced.clear();
            firstCoalescedSeq = m_shared->firstCoalescedSeq;
        }
    }
    if (m_members.isEmpty() || (events.isEmpty() && coalesced.isEmpty()))
        return;
    if (!events.isEmpty()) {
        m_metrics.fanoutBatches.fetch_add(1, std::memory_order_relaxed);
        const FanoutBatch batch = encode(std::move(events));
        // Copied: a session may close (and leave) while being written to.
        const QList<ClientSession *> all(m_all.cbegin(), m_all.cend());
        for (ClientSession *s : all) {
            if (m_all.contains(s))
                s->fanoutAll(batch);
        }
        deliverFiltered(batch);
    }
    if (!coalesced.isEmpty()) {
        std::sort(coalesced.begin(), coalesced.end(),
                  [](const EventRecord &a, const EventRecord &b) { return a.globalSeq < b.globalSeq; });
        const QList<ClientSession *> members = m_members.keys();
        for (ClientSession *s : members) {
            if (m_members.contains(s))
                s->oweStates(coalesced, firstCoalescedSeq);
        }
    }
}

void EventFanout::deliverFiltered(const FanoutBatch &batch)
{
    if (m_byBanner.isEmpty() && m_boxed.isEmpty())
        return;
    QHash<ClientSession *, QList<int>> selected;
    for (int i = 0; i < batch.events.size(); ++i) {
        const qint64 banner = batch.events.at(i).bannerId;
        if (const auto it = m_byBanner.constFind(banner); it != m_byBanner.cend()) {
            for (ClientSession *s : it.value())
                selected[s].append(i);
        }
        for (ClientSession *s : std::as_const(m_boxed))
            selected[s].append(i);
    }
    for (auto it = selected.cbegin(); it != selected.cend(); ++it) {
        if (m_members.contains(it.key()))
            it.key()->fanoutSelected(batch, it.value());
    }
}

} // namespace airdisplay
