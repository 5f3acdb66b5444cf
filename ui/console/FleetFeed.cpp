#include "FleetFeed.h"

#include "ConsoleLogging.h"
#include "FleetEngine.h"
#include "FleetIndex.h"

#include <QDateTime>
#include <QMutex>

#include <algorithm>

namespace airdisplay {

namespace {

// State requests in flight at once: enough to heal a restart quickly without flooding the actors.
constexpr int kMaxRefreshesInFlight = 256;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

struct FleetFeed::Inbox
{
    QMutex mutex;
    QList<EventRecord> events;
    // When each event was published, for the commit latency: the drain comes up to 100 ms later.
    std::vector<qint64> latenciesMs;
};

FleetFeed::FleetFeed(FleetEngine *engine, bool scanBacklog, QObject *parent)
    : QObject(parent), m_engine(engine), m_scanBacklog(scanBacklog), m_inbox(std::make_shared<Inbox>()), m_drainTimer(this),
      m_latencyTimer(this), m_scanTimer(this)
{
    connect(&m_drainTimer, &QTimer::timeout, this, &FleetFeed::drain);
    connect(&m_latencyTimer, &QTimer::timeout, this, &FleetFeed::sampleLatency);
    m_scanTimer.setSingleShot(true);
    connect(&m_scanTimer, &QTimer::timeout, this, &FleetFeed::scanBacklog);
}

FleetFeed::~FleetFeed()
{
    stop();
}

void FleetFeed::start()
{
    if (m_subscription != 0)
        return;
    // The handler holds the inbox, not the feed: after unsubscribe() returns it never runs again,
    // and until then it touches nothing the feed's thread owns.
    m_subscription = m_engine->subscribe([inbox = m_inbox](const QList<EventRecord> &events) {
        const qint64 now = nowMs();
        QMutexLocker locker(&inbox->mutex);
        inbox->events += events;
        for (const EventRecord &e : events)
            inbox->latenciesMs.push_back(qMax<qint64>(0, now - e.atMs));
    });
    m_drainTimer.start(kDrainIntervalMs);
    m_latencyTimer.start(1000);
    if (!m_scanBacklog)
        return;
    // Read after subscribing: whatever commits later is delivered live, so the scan ends here.
    m_engine->fleetIndex().refresh(m_scanSnapshot);
    m_scannedShards = 0;
    m_scanFound = 0;
    m_scanTimer.start(0);
}

void FleetFeed::stop()
{
    if (m_subscription == 0)
        return;
    m_engine->unsubscribe(m_subscription);
    m_subscription = 0;
    m_drainTimer.stop();
    m_latencyTimer.stop();
    m_scanTimer.stop();
}

void FleetFeed::scanBacklog()
{
    // The index holds each banner's last committed summary: a banner with a queue or a message on
    // air is read from its actor, which also settles any race with live events.
    const int end = qMin(m_scannedShards + kScanShardsPerStep, m_scanSnapshot.shardCount());
    for (; m_scannedShards < end; ++m_scannedShards) {
        for (const FleetIndexEntry &e : m_scanSnapshot.shard(m_scannedShards)) {
            if (e.queueLength == 0 && e.currentMessageId == 0)
                continue;
            ++m_scanFound;
            if (!m_banners.contains(e.id))
                requestRefresh(e.id);
        }
    }
    if (m_scannedShards < m_scanSnapshot.shardCount()) {
        m_scanTimer.start(0);
        return;
    }
    qCInfo(lcUi) << "fleet scanned:" << m_scanFound << "banners have queues";
    m_scanSnapshot = FleetSnapshot();
    emit backlogScanned(m_scanFound);
}

QString FleetFeed::callsignOf(qint64 bannerId) const
{
    const auto entry = m_engine->fleetIndex().find(bannerId);
    return entry ? entry->callsign : QString::number(bannerId);
}

void FleetFeed::drain()
{
    QList<EventRecord> events;
    {
        QMutexLocker locker(&m_inbox->mutex);
        events.swap(m_inbox->events);
        m_latencies.insert(m_latencies.end(), m_inbox->latenciesMs.begin(), m_inbox->latenciesMs.end());
        m_inbox->latenciesMs.clear();
    }
    if (events.isEmpty() && m_refreshed.isEmpty())
        return;

    const qsizetype firstLogged = qMax<qsizetype>(0, events.size() - kMaxLogLinesPerDrain);
    QList<EventLogEntry> log;
    log.reserve(events.size() - firstLogged);
    // Banners whose state was read since the last drain are told with the others, in one signal.
    QList<qint64> dirty(m_refreshed.cbegin(), m_refreshed.cend());
    m_refreshed.clear();
    for (qsizetype i = 0; i < events.size(); ++i) {
        const FleetEvent event = FleetEvent::decode(events.at(i));
        if (applyEvent(event))
            dirty.append(event.record.bannerId);
        if (i >= firstLogged)
            log.append(describe(event));
    }

    std::sort(dirty.begin(), dirty.end());
    dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
    QList<BannerQueueUpdate> updates;
    for (qint64 id : dirty) {
        const auto it = m_banners.constFind(id);
        if (it == m_banners.cend() || it->refreshing)
            continue;
        // Events of one change are published together, so after a drain each banner's copy must
        // match the summary its last event carried.
        if (!it->mirror.isConsistent()) {
            requestRefresh(id);
            continue;
        }
        updates.append(updateFor(id));
    }
    if (!updates.isEmpty())
        emit queuesChanged(updates);
    if (!log.isEmpty())
        emit eventsLogged(log);
}

bool FleetFeed::applyEvent(const FleetEvent &event)
{
    const qint64 bannerId = event.record.bannerId;
    auto it = m_banners.find(bannerId);
    if (it == m_banners.end()) {
        if (!event.bannerHasContent())
            return false;
        it = m_banners.insert(bannerId, TrackedBanner{});
        it->callsign = callsignOf(bannerId);
        it->mirror.setLastSeq(event.record.bannerSeq - 1);
    }
    TrackedBanner &banner = *it;
    if (banner.refreshing) {
        banner.buffered.append(event);
        return false;
    }
    switch (banner.mirror.apply(event)) {
    case BannerQueueMirror::Applied::Applied:
        return true;
    case BannerQueueMirror::Applied::Stale:
        return false; // already in the state the banner reported
    case BannerQueueMirror::Applied::Gap:
        qCDebug(lcUi) << "banner" << bannerId << "skipped from" << banner.mirror.lastSeq() << "to" << event.record.bannerSeq;
        banner.buffered.append(event);
        requestRefresh(bannerId);
        return false;
    }
    return false;
}

void FleetFeed::requestRefresh(qint64 bannerId)
{
    TrackedBanner &banner = m_banners[bannerId];
    // A banner first seen by the backlog scan (a queue carried over a restart) has no event of its
    // own yet to have named it.
    if (banner.callsign.isEmpty())
        banner.callsign = callsignOf(bannerId);
    if (banner.refreshing)
        return;
    banner.refreshing = true;
    m_refreshQueue.push_back(bannerId);
    pumpRefreshes();
}

void FleetFeed::pumpRefreshes()
{
    while (m_refreshesInFlight < kMaxRefreshesInFlight && !m_refreshQueue.empty()) {
        const qint64 id = m_refreshQueue.front();
        m_refreshQueue.pop_front();
        ++m_refreshesInFlight;
        // A banner that cannot answer (the engine closing, say) answers with no state.
        m_engine->bannerState(id).then(this, [this, id](const std::optional<BannerState> &state) {
            --m_refreshesInFlight;
            onState(id, state);
            pumpRefreshes();
        });
    }
}

void FleetFeed::onState(qint64 bannerId, const std::optional<BannerState> &state)
{
    auto it = m_banners.find(bannerId);
    if (it == m_banners.end())
        return;
    TrackedBanner &banner = *it;
    banner.refreshing = false;
    if (!state) {
        qCWarning(lcUi) << "could not read the queue of banner" << bannerId;
        banner.buffered.clear();
        return;
    }
    const auto entry = m_engine->fleetIndex().find(bannerId);
    banner.mirror.reset(*state, entry && entry->linkUp);
    // What arrived while the state was on its way: whatever the state does not include yet.
    for (const FleetEvent &event : std::exchange(banner.buffered, {}))
        banner.mirror.apply(event);
    // Told at the next drain, with everything else that changed: after a start or a reopen
    // thousands of states arrive within seconds, and one signal each cost the GUI thread one pass
    // of the sorting proxy each (the console soak's GUI thread fell minutes behind).
    m_refreshed.insert(bannerId);
}

BannerQueueUpdate FleetFeed::updateFor(qint64 bannerId)
{
    BannerQueueUpdate update;
    update.bannerId = bannerId;
    const auto it = m_banners.find(bannerId);
    if (it == m_banners.end())
        return update;
    const TrackedBanner &banner = *it;
    const qint64 now = nowMs();
    const qint64 duration = m_engine->policy().displayDurationMs;
    const BannerQueueMirror &mirror = banner.mirror;
    const bool canStart = !mirror.isPaused() && mirror.isLinkUp();

    auto row = [&](const BannerMessage &m, int position) {
        QueuedMessage q;
        q.messageId = m.id;
        q.bannerId = bannerId;
        q.callsign = banner.callsign;
        q.position = position;
        q.text = m.text;
        q.author = m.author;
        q.status = m.status;
        q.submittedMs = m.submittedMs;
        q.endsAtMs = m.endsAtMs.value_or(0);
        q.bannerPaused = mirror.isPaused();
        q.bannerLinkUp = mirror.isLinkUp();
        return q;
    };
    // The same estimate the engine gives a submission: the current message's end (or a full
    // display if it is not confirmed yet), then one display per message ahead.
    qint64 base = now;
    if (const auto &current = mirror.current()) {
        update.messages.append(row(*current, 0));
        base = current->endsAtMs ? qMax(now, *current->endsAtMs) : now + duration;
    }
    for (int i = 0; i < mirror.queue().size(); ++i) {
        QueuedMessage q = row(mirror.queue().at(i), i + 1);
        if (canStart && q.status == BannerMessage::Status::Queued)
            q.startsAtMs = base + qint64(i) * duration;
        update.messages.append(q);
    }
    // A banner with nothing queued is forgotten: the next event that gives it something starts afresh.
    if (update.messages.isEmpty())
        m_banners.erase(it);
    return update;
}

EventLogEntry FleetFeed::describe(const FleetEvent &event) const
{
    using Severity = EventLogEntry::Severity;
    using Type = BannerEventType;
    EventLogEntry entry;
    entry.globalSeq = event.record.globalSeq;
    entry.bannerId = event.record.bannerId;
    entry.atMs = event.record.atMs;
    entry.type = event.record.type;
    const QString text = event.message ? event.message->text : QString();
    const QString author = event.message ? event.message->author : QString();
    switch (event.type.value_or(Type(-1))) {
    case Type::BannerRegistered:
        entry.detail = tr("Banner %1 registered").arg(event.callsign);
        break;
    case Type::MessageQueued:
        entry.detail = tr("“%1” from %2 queued at position %3").arg(text, author).arg(event.position);
        break;
    case Type::MessageHeld:
        // Held messages are routine under a review policy: the review count and the alerts dock
        // call for them. As warnings they flooded the log's "warning and above".
        entry.detail = tr("“%1” from %2 held for review").arg(text, author);
        break;
    case Type::MessageApproved:
        entry.detail = tr("“%1” approved").arg(text);
        break;
    case Type::MessageRejected:
        entry.detail = event.message && !event.message->reason.isEmpty()
            ? tr("“%1” rejected: %2").arg(text, event.message->reason)
            : tr("“%1” rejected").arg(text);
        break;
    case Type::MessagePreempted:
        entry.severity = Severity::Warning;
        entry.detail = tr("“%1” set aside for a show-now message; it is shown again next").arg(text);
        break;
    case Type::MessageSent:
        entry.detail = tr("“%1” sent to the device").arg(text);
        break;
    case Type::MessageDisplaying:
        entry.detail = tr("“%1” confirmed on display").arg(text);
        break;
    case Type::MessageShown:
        entry.detail = tr("“%1” shown in full").arg(text);
        break;
    case Type::MessageBlanked:
        entry.severity = Severity::Warning;
        entry.detail = tr("“%1” cut short by a blank").arg(text);
        break;
    case Type::MessageInterrupted:
        entry.severity = Severity::Warning;
        entry.detail = tr("“%1” interrupted by the device").arg(text);
        break;
    case Type::MessageCancelled:
        entry.detail = tr("“%1” cancelled by %2").arg(text, author);
        break;
    case Type::MessageRemoved:
        entry.detail = tr("“%1” removed by a dispatcher").arg(text);
        break;
    case Type::MessageMoved:
        entry.detail = tr("Message %1 moved from position %2 to %3").arg(event.movedMessageId).arg(event.movedFrom).arg(event.movedTo);
        break;
    case Type::BannerBlanked:
        entry.severity = Severity::Warning;
        entry.detail = tr("Banner blanked and paused");
        break;
    case Type::BannerPaused:
        entry.severity = Severity::Warning;
        entry.detail = tr("Banner paused");
        break;
    case Type::BannerResumed:
        entry.detail = tr("Banner resumed");
        break;
    case Type::DeviceConnected:
        entry.detail = tr("Device connected");
        break;
    case Type::DeviceDisconnected:
        entry.severity = Severity::Warning;
        entry.detail = tr("Device lost its link");
        break;
    default:
        entry.detail = QString::fromUtf8(event.record.payload.left(200));
        break;
    }
    return entry;
}

void FleetFeed::sampleLatency()
{
    if (m_latencies.empty()) {
        emit commitLatencySampled(0.0, 0);
        return;
    }
    const size_t rank = std::min(m_latencies.size() - 1, size_t(double(m_latencies.size()) * 0.99));
    std::nth_element(m_latencies.begin(), m_latencies.begin() + qsizetype(rank), m_latencies.end());
    const double p99 = double(m_latencies[rank]);
    const int count = int(m_latencies.size());
    m_latencies.clear();
    emit commitLatencySampled(p99, count);
}

} // namespace airdisplay
