#include "EventBus.h"

#include "FleetLogging.h"
#include "Store.h"

#include <QElapsedTimer>
#include <QThread>

namespace airdisplay {

namespace {
constexpr int kCatchUpPage = 2048;
// A catch-up whose read of the log failed tries again after these, doubling.
constexpr int kFirstCatchUpRetryMs = 20;
constexpr int kMaxCatchUpRetryMs = 1000;
} // namespace

EventBus::EventBus(Store &store) : m_store(store)
{
    m_catchUpPool.setMaxThreadCount(2);
    m_catchUpPool.setObjectName(QStringLiteral("airdisplay.fleet.catchup"));
}

EventBus::~EventBus()
{
    close();
}

void EventBus::Subscription::deliver(const QList<EventRecord> &events)
{
    QList<EventRecord> wanted;
    for (const EventRecord &e : events) {
        if (e.globalSeq <= lastSeq)
            continue; // already delivered by the catch-up
        lastSeq = e.globalSeq;
        if (banners.isEmpty() || banners.contains(e.bannerId))
            wanted.append(e);
    }
    if (wanted.isEmpty())
        return;
    // Handlers run on the store's completion thread, between other callers' answers: one that
    // throws loses these events (said loudly), not the process or anyone else's answer.
    try {
        handler(wanted);
    } catch (const std::exception &e) {
        qCCritical(lcFleet) << "an event handler threw, its" << wanted.size() << "events are lost to it:" << e.what();
    } catch (...) {
        qCCritical(lcFleet) << "an event handler threw, its" << wanted.size() << "events are lost to it";
    }
}

SubscriptionId EventBus::subscribe(EventHandler handler, QSet<qint64> banners, std::optional<qint64> afterSeq)
{
    auto subscription = std::make_shared<Subscription>();
    subscription->handler = std::move(handler);
    subscription->banners = std::move(banners);
    if (afterSeq) {
        subscription->lastSeq = *afterSeq;
        subscription->live = false;
    }
    SubscriptionId id = 0;
    {
        QWriteLocker locker(&m_lock);
        id = m_nextId++;
        m_subscriptions.emplace(id, subscription);
    }
    // Registered (and buffering) before the first read: an event committed after that read is
    // published after it, so it lands in the buffer; one committed before it is in the read.
    if (afterSeq)
        m_catchUpPool.start([this, subscription] { catchUp(subscription); });
    return id;
}

void EventBus::waitBeforeRetry(Subscription &subscription, int ms)
{
    // In short steps, so that unsubscribe() and close() are not held up by a long back-off.
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < ms) {
        {
            QMutexLocker locker(&subscription.mutex);
            if (subscription.cancelled)
                return;
        }
        QThread::msleep(qMin<qint64>(20, ms - waited.elapsed() + 1));
    }
}

void EventBus::catchUp(const std::shared_ptr<Subscription> &subscription)
{
    const QList<qint64> banners(subscription->banners.cbegin(), subscription->banners.cend());
    int retryMs = kFirstCatchUpRetryMs;
    for (;;) {
        qint64 after = 0;
        {
            QMutexLocker locker(&subscription->mutex);
            if (subscription->cancelled)
                break;
            after = subscription->lastSeq;
        }
        const StoreResult<QList<EventRecord>> page = m_store.eventsSince(after, kCatchUpPage, banners);
        QMutexLocker locker(&subscription->mutex);
        if (subscription->cancelled)
            break;
        if (!page) {
            // Going live now would leave a silent gap between the log and the live events. Live
            // events stay buffered meanwhile; they come only from commits, which need the same
            // database, so the buffer does not grow much while the log cannot be read.
            qCWarning(lcFleet) << "event catch-up after" << after << "failed, retrying in" << retryMs
                               << "ms:" << page.error().message();
            locker.unlock();
            m_store.releaseThreadConnection(); // the next try reads on a fresh connection
            waitBeforeRetry(*subscription, retryMs);
            retryMs = qMin(retryMs * 2, kMaxCatchUpRetryMs);
            continue;
        }
        retryMs = kFirstCatchUpRetryMs;
        subscription->deliver(page.value());
        // With a banner filter the page's last event may be older than events skipped by the
        // filter, so the position moves to the page's end only if the page had events.
        if (!page->isEmpty())
            subscription->lastSeq = qMax(subscription->lastSeq, page->last().globalSeq);
        if (page->size() < kCatchUpPage) {
            subscription->live = true;
            subscription->deliver(std::exchange(subscription->buffer, {}));
            break;
        }
    }
    m_store.releaseThreadConnection();
}

void EventBus::unsubscribe(SubscriptionId id)
{
    std::shared_ptr<Subscription> subscription;
    {
        QWriteLocker locker(&m_lock);
        auto it = m_subscriptions.find(id);
        if (it == m_subscriptions.end())
            return;
        subscription = it->second;
        m_subscriptions.erase(it);
    }
    // Waits for a handler that is running right now.
    QMutexLocker locker(&subscription->mutex);
    subscription->cancelled = true;
}

void EventBus::close()
{
    std::unordered_map<SubscriptionId, std::shared_ptr<Subscription>> all;
    {
        QWriteLocker locker(&m_lock);
        all.swap(m_subscriptions);
    }
    for (auto &[id, subscription] : all) {
        QMutexLocker locker(&subscription->mutex);
        subscription->cancelled = true;
    }
    m_catchUpPool.waitForDone();
}

void EventBus::publish(const QList<EventRecord> &events)
{
    if (events.isEmpty())
        return;
    m_published.fetch_add(quint64(events.size()), std::memory_order_relaxed);
    QReadLocker locker(&m_lock);
    for (auto &[id, subscription] : m_subscriptions) {
        QMutexLocker subLocker(&subscription->mutex);
        if (subscription->cancelled)
            continue;
        if (subscription->live)
            subscription->deliver(events);
        else
            subscription->buffer += events;
    }
}

bool EventBus::isLive(SubscriptionId id) const
{
    std::shared_ptr<Subscription> subscription;
    {
        QReadLocker locker(&m_lock);
        const auto it = m_subscriptions.find(id);
        if (it == m_subscriptions.end())
            return false;
        subscription = it->second;
    }
    QMutexLocker locker(&subscription->mutex);
    return subscription->live && !subscription->cancelled;
}

int EventBus::subscriberCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_subscriptions.size());
}

quint64 EventBus::publishedCount() const
{
    return m_published.load(std::memory_order_relaxed);
}

} // namespace airdisplay
