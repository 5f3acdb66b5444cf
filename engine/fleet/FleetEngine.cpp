#include "FleetEngine.h"

#include "ActorErrors.h"
#include "DeviceRegistry.h"
#include "FleetIndex.h"
#include "FleetIndexLoader.h"
#include "FleetLogging.h"
#include "JsonWriter.h"
#include "MessageText.h"
#include "ReminderScheduler.h"
#include "Store.h"
#include "RequestExpiry.h"
#include "TelemetryBuffer.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>

namespace airdisplay {

namespace {

// Banners per registration batch: big enough to amortise the transaction, small enough that one
// batch does not hold the writer for long.
constexpr int kRegistrationChunk = 2000;
constexpr int kMaxCallsignLength = 64;

Reply<FleetResult> ready(FleetResult result)
{
    return Reply<FleetResult>::ready(std::move(result));
}

Reply<FleetResult> unavailable()
{
    return ready(FleetResult::failure(FleetError::Code::Unavailable, QStringLiteral("The engine is not running.")));
}

// Failures of the runtime (shutdown, timeout, a throwing activation) become ordinary answers, so
// callers handle one kind of result.
FleetResult unanswered(const ActorError &error)
{
    return FleetResult::failure(FleetError::Code::Unavailable, error.message());
}

} // namespace

// A call's use of the members that shutdown() stops and releases (store, reminders, telemetry,
// readers): shutdown() closes the engine and then waits until no call is inside one, so a call
// that found the engine open can use them to its end. Both sides are sequentially consistent:
// either the call sees the engine closed, or shutdown() sees the call.
class FleetEngine::Use
{
public:
    explicit Use(const FleetEngine &engine) : m_users(engine.m_users)
    {
        m_users.fetch_add(1, std::memory_order_seq_cst);
        m_open = engine.m_open.load(std::memory_order_seq_cst);
    }
    ~Use() { m_users.fetch_sub(1, std::memory_order_release); }
    Use(const Use &) = delete;
    Use &operator=(const Use &) = delete;
    explicit operator bool() const { return m_open; }

private:
    std::atomic<int> &m_users;
    bool m_open = false;
};

FleetEngine::FleetEngine(FleetEngineOptions options)
    : m_options(std::move(options)), m_index(std::make_unique<FleetIndex>()),
      m_devices(std::make_unique<DeviceRegistry>())
{
    m_readers.setMaxThreadCount(2);
    // Idle reader threads close their connection when they exit.
    m_readers.setExpiryTimeout(30'000);
}

FleetEngine::~FleetEngine()
{
    shutdown();
}

FleetError FleetEngine::open(const QString &location)
{
    if (isOpen() || m_store)
        return FleetError(FleetError::Code::InvalidArgument, QStringLiteral("The engine was opened already."));
    m_store = std::make_unique<Store>(m_options.store);
    if (const StoreStatus status = m_store->open(location); status.isError()) {
        m_store.reset();
        return FleetError(FleetError::Code::StoreFailure, status.message(), status);
    }
    if (const FleetError error = loadIndex(); error.isError()) {
        m_store->close();
        m_store.reset();
        return error;
    }

    m_text = std::make_unique<MessageText>(m_options.policy);
    m_events = std::make_unique<EventBus>(*m_store);
    m_context = std::make_unique<FleetContext>();
    m_context->store = m_store.get();
    m_context->policy = &m_options.policy;
    m_context->text = m_text.get();
    m_context->clock = m_options.clock;
    m_context->events = m_events.get();
    m_context->index = m_index.get();
    m_context->devices = m_devices.get();

    m_actors = std::make_unique<ActorSystem>(m_options.actors);
    FleetContext *context = m_context.get();
    m_bannerType = m_actors->registerType<BannerActor>(BannerActor::actorTypeName(),
                                                       [context](ActorId) { return new BannerActor(context); });
    m_actors->start();

    ReminderScheduler::Options reminderOptions;
    reminderOptions.windowMs = m_options.reminderWindow.count();
    reminderOptions.clock = m_options.clock;
    m_reminders = std::make_unique<ReminderScheduler>(
        *m_store, [this](const Reminder &reminder) { onReminder(reminder); }, reminderOptions);
    m_open.store(true, std::memory_order_release);
    if (const StoreStatus status = m_reminders->start(); status.isError()) {
        shutdown();
        return FleetError(FleetError::Code::StoreFailure, status.message(), status);
    }
    m_telemetry = std::make_unique<TelemetryBuffer>(*m_store, m_options.telemetryFlushInterval.count());
    m_telemetry->start();
    m_requestExpiry = std::make_unique<RequestExpiry>(*m_store, m_options.clock, m_options.policy.requestRetentionMs,
                                                      m_options.requestExpiryInterval.count());
    m_requestExpiry->start();
    qCInfo(lcFleet) << "fleet engine open on" << m_store->url().toDisplayString() << "with" << m_index->size()
                    << "banners," << m_actors->workerCount() << "workers";
    return {};
}

FleetError FleetEngine::loadIndex()
{
    QElapsedTimer timer;
    timer.start();
    const auto loaded = FleetIndexLoader::load(m_store->url(), m_options.store, *m_index);
    if (!loaded)
        return FleetError(FleetError::Code::StoreFailure, loaded.error().message(), loaded.error());
    qCInfo(lcFleet) << "fleet index loaded:" << loaded->banners << "banners," << loaded->summaries << "states,"
                    << loaded->positions << "positions in" << timer.elapsed() << "ms";
    return {};
}

void FleetEngine::shutdown(std::chrono::milliseconds deadline)
{
    if (!m_store)
        return;
    m_open.store(false, std::memory_order_seq_cst);
    // Calls that found the engine open may still be using what is stopped and released below.
    while (m_users.load(std::memory_order_acquire) != 0)
        QThread::yieldCurrentThread();
    // No new reminder turns, then the queued turns run and their batches are queued to the store,
    // which commits them all (answering their callers) before it closes.
    if (m_reminders)
        m_reminders->stop();
    if (m_actors) {
        const ShutdownReport report = m_actors->shutdown(deadline);
        if (!report.drained)
            qCWarning(lcFleet) << "shutdown deadline passed:" << report.dropped << "commands were refused";
    }
    if (m_telemetry)
        m_telemetry->stop();
    if (m_requestExpiry)
        m_requestExpiry->stop();
    // Receipt reads run on these threads, each with its own connection; they end before the store.
    m_readers.waitForDone();
    m_store->close();
    if (m_events)
        m_events->close();
    qCInfo(lcFleet) << "fleet engine closed";
    m_reminders.reset();
    m_telemetry.reset();
    m_requestExpiry.reset();
    m_store.reset();
}

void FleetEngine::onReminder(const Reminder &reminder)
{
    if (reminder.actorType != BannerActor::actorTypeName())
        return;
    bool ok = false;
    const qint64 bannerId = reminder.actorId.toLongLong(&ok);
    if (!ok)
        return;
    m_bannerType.ref(ActorId(bannerId)).tell([name = reminder.name](BannerActor &banner) { banner.reminderDue(name); });
}

void FleetEngine::wakeReminders()
{
    if (const Use use(*this); use)
        m_reminders->wake();
}

template<typename Fn>
Reply<FleetResult> FleetEngine::askBanner(qint64 bannerId, Fn &&command)
{
    if (!isOpen())
        return unavailable();
    if (!m_index->contains(bannerId))
        return ready(FleetResult::failure(FleetError::Code::UnknownBanner,
                                          QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    return m_bannerType.ref(ActorId(bannerId)).template request<FleetResult>(std::forward<Fn>(command), &unanswered);
}

Reply<FleetResult> FleetEngine::registerBanner(qint64 id, const QString &callsign)
{
    return registerBanners({BannerRecord{id, callsign, 0}});
}

Reply<FleetResult> FleetEngine::registerBanners(const QList<BannerRecord> &banners)
{
    const Use use(*this);
    if (!use)
        return unavailable();
    QSet<qint64> ids;
    for (const BannerRecord &b : banners) {
        if (b.id < 1 || b.id > BannerState::kMaxBannerId)
            return ready(FleetResult::failure(FleetError::Code::InvalidArgument,
                                              QStringLiteral("Banner id %1 is outside 1 to %2.").arg(b.id).arg(BannerState::kMaxBannerId)));
        const QString callsign = b.callsign.trimmed();
        if (callsign.isEmpty() || callsign.size() > kMaxCallsignLength)
            return ready(FleetResult::failure(FleetError::Code::InvalidArgument,
                                              QStringLiteral("Banner %1 needs a callsign of 1 to %2 characters.").arg(b.id).arg(kMaxCallsignLength)));
        if (m_index->contains(b.id) || ids.contains(b.id))
            return ready(FleetResult::failure(FleetError::Code::AlreadyRegistered,
                                              QStringLiteral("Banner %1 is registered already.").arg(b.id)));
        ids.insert(b.id);
    }
    if (banners.isEmpty())
        return ready({});

    struct Join
    {
        Reply<FleetResult> reply;
        QMutex mutex;
        FleetResult result;
        int remaining = 0;
    };
    auto join = std::make_shared<Join>();
    join->remaining = int((banners.size() + kRegistrationChunk - 1) / kRegistrationChunk);
    Reply<FleetResult> reply = join->reply;

    const qint64 now = m_options.clock();
    const QString type = BannerActor::actorTypeName();
    for (qsizetype start = 0; start < banners.size(); start += kRegistrationChunk) {
        const QList<BannerRecord> chunk = banners.mid(start, kRegistrationChunk);
        WriteBatch batch;
        for (const BannerRecord &b : chunk) {
            BannerState state;
            state.bannerId = b.id;
            state.callsign = b.callsign.trimmed();
            state.nextSeq = 2; // 1 is the registration
            batch.registerBanner({b.id, state.callsign, now});
            batch.putState(type, QString::number(b.id), 0, state.encode());
            QByteArray payload;
            JsonWriter json(payload);
            json.beginObject().field("callsign", state.callsign).key("banner");
            BannerSummary().writeJson(json);
            json.endObject();
            batch.appendEvent(b.id, 1, eventTypeName(BannerEventType::BannerRegistered), std::move(payload), now);
        }
        m_store->submit(std::move(batch), [this, join, chunk](WriteResult written) {
            if (written.ok()) {
                for (const BannerRecord &b : chunk)
                    m_index->addBanner(b.id, b.callsign.trimmed());
                m_events->publish(written.events);
            }
            QMutexLocker locker(&join->mutex);
            if (!written.ok() && join->result.ok())
                join->result = FleetResult::failure(FleetError::Code::StoreFailure,
                                                    QStringLiteral("Banners %1 to %2 were not registered: %3")
                                                        .arg(chunk.first().id)
                                                        .arg(chunk.last().id)
                                                        .arg(written.error.message()),
                                                    written.error);
            if (--join->remaining == 0) {
                locker.unlock();
                join->reply.settle(join->result);
            }
        });
    }
    return reply;
}

Reply<FleetResult> FleetEngine::execute(qint64 bannerId, BannerCommand command, QString author)
{
    return askBanner(bannerId, [command = std::move(command), author = std::move(author)](
                                       BannerActor &b, const Reply<FleetResult> &reply) { b.execute(command, author, reply); });
}

Reply<std::optional<BannerState>> FleetEngine::bannerState(qint64 bannerId)
{
    if (!isOpen() || !m_index->contains(bannerId))
        return Reply<std::optional<BannerState>>::ready(std::nullopt);
    return m_bannerType.ref(ActorId(bannerId))
        .template request<std::optional<BannerState>>(
            [](BannerActor &b, const Reply<std::optional<BannerState>> &reply) { b.state(reply); },
            [](const ActorError &) { return std::optional<BannerState>(); });
}

Reply<FleetResult> FleetEngine::deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                                std::optional<qint64> showing)
{
    if (!isOpen())
        return unavailable();
    if (!m_index->contains(bannerId))
        return ready(FleetResult::failure(FleetError::Code::UnknownBanner,
                                          QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    m_devices->attach(bannerId, std::move(link));
    m_index->markSeen(bannerId, m_options.clock());
    return askBanner(bannerId, [showing](BannerActor &b, const Reply<FleetResult> &reply) { b.deviceConnected(showing, reply); });
}

Reply<FleetResult> FleetEngine::deviceDisconnected(qint64 bannerId, const DeviceLink *link)
{
    if (!m_devices->detach(bannerId, link))
        return ready({}); // a stale link: the banner has a newer one
    return askBanner(bannerId, [](BannerActor &b, const Reply<FleetResult> &reply) { b.deviceDisconnected(reply); });
}

void FleetEngine::telemetry(const TelemetryRecord &record)
{
    const Use use(*this);
    if (!use || !m_index->contains(record.bannerId))
        return;
    m_index->updateTelemetry(record);
    m_telemetry->add(record);
}

Reply<StoreResult<std::optional<MessageRecord>>> FleetEngine::receipt(qint64 messageId)
{
    Reply<StoreResult<std::optional<MessageRecord>>> reply;
    const Use use(*this);
    if (!use) {
        reply.settle(StoreError(StoreError::Code::Closed, QStringLiteral("The engine is not running.")));
        return reply;
    }
    m_readers.start([store = m_store.get(), messageId, reply] { reply.settle(store->loadMessage(messageId)); });
    return reply;
}

Reply<StoreResult<QList<EventRecord>>> FleetEngine::eventsSince(qint64 afterSeq, int limit, QList<qint64> banners)
{
    Reply<StoreResult<QList<EventRecord>>> reply;
    const Use use(*this);
    if (!use) {
        reply.settle(StoreError(StoreError::Code::Closed, QStringLiteral("The engine is not running.")));
        return reply;
    }
    m_readers.start([store = m_store.get(), afterSeq, limit = qBound(1, limit, 1000), banners = std::move(banners), reply] {
        reply.settle(store->eventsSince(afterSeq, limit, banners));
    });
    return reply;
}

Reply<QList<MessageRecord>> FleetEngine::messageHistory(qint64 bannerId, int limit)
{
    Reply<QList<MessageRecord>> reply;
    const Use use(*this);
    if (!use) {
        reply.settle({});
        return reply;
    }
    m_readers.start([store = m_store.get(), bannerId, limit, reply] {
        const auto loaded = store->messageHistory(bannerId, qBound(1, limit, 1000));
        reply.settle(loaded.ok() ? loaded.value() : QList<MessageRecord>());
    });
    return reply;
}

SubscriptionId FleetEngine::subscribe(EventHandler handler, QSet<qint64> banners, std::optional<qint64> afterSeq)
{
    if (!m_events)
        return 0;
    return m_events->subscribe(std::move(handler), std::move(banners), afterSeq);
}

void FleetEngine::unsubscribe(SubscriptionId id)
{
    if (m_events)
        m_events->unsubscribe(id);
}

bool FleetEngine::subscriptionIsLive(SubscriptionId id) const
{
    return m_events && m_events->isLive(id);
}

FleetMetrics FleetEngine::metrics() const
{
    FleetMetrics m;
    m.registeredBanners = m_index->size();
    m.connectedDevices = m_devices->connectedCount();
    if (m_context) {
        m.accepted = m_context->accepted.load(std::memory_order_relaxed);
        m.duplicates = m_context->duplicates.load(std::memory_order_relaxed);
        m.refused = m_context->refused.load(std::memory_order_relaxed);
        m.commits = m_context->commits.load(std::memory_order_relaxed);
        m.commitFailures = m_context->commitFailures.load(std::memory_order_relaxed);
        m.activations = m_context->activations.load(std::memory_order_relaxed);
    }
    if (m_events) {
        m.eventsPublished = m_events->publishedCount();
        m.subscribers = m_events->subscriberCount();
    }
    if (m_actors)
        m.actors = m_actors->metrics();
    if (const Use use(*this); use) {
        m.store = m_store->counters();
        m.remindersFired = m_reminders->firedCount();
        m.telemetryFlushed = m_telemetry->flushedRows();
    }
    return m;
}

} // namespace airdisplay
