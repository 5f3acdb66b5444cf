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
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace airdisplay {

namespace {

// Banners per registration batch: big enough to amortise the transaction, small enough that one
// batch does not hold the writer for long.
constexpr int kRegistrationChunk = 2000;
constexpr int kMaxCallsignLength = 64;

QFuture<FleetResult> ready(FleetResult result)
{
    return QtFuture::makeReadyFuture(std::move(result));
}

QFuture<FleetResult> unavailable()
{
    return ready(FleetResult::failure(FleetError::Code::Unavailable, QStringLiteral("The engine is not running.")));
}

// Failures of the runtime (shutdown, timeout, a throwing activation) become ordinary answers, so
// callers handle one kind of result. The continuation takes the future itself: Qt 6.4's onFailed()
// reads the result of a future that was cancelled without one and crashes.
QFuture<FleetResult> mapFailures(QFuture<FleetResult> future)
{
    return future.then(QtFuture::Launch::Sync, [](QFuture<FleetResult> answered) {
        try {
            if (answered.resultCount() > 0)
                return answered.result();
            answered.waitForFinished(); // rethrows the failure, if any
        } catch (const ActorError &e) {
            return FleetResult::failure(FleetError::Code::Unavailable, e.message());
        } catch (...) {
        }
        return FleetResult::failure(FleetError::Code::Unavailable, QStringLiteral("The banner did not answer."));
    }).onCanceled([] {
        return FleetResult::failure(FleetError::Code::Unavailable, QStringLiteral("The request was cancelled."));
    });
}

} // namespace

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
        return FleetError(FleetError::Code::StoreFailure, status.message());
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
        return FleetError(FleetError::Code::StoreFailure, status.message());
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
        return FleetError(FleetError::Code::StoreFailure, loaded.error().message());
    qCInfo(lcFleet) << "fleet index loaded:" << loaded->banners << "banners," << loaded->summaries << "states,"
                    << loaded->positions << "positions in" << timer.elapsed() << "ms";
    return {};
}

void FleetEngine::shutdown(std::chrono::milliseconds deadline)
{
    if (!m_store)
        return;
    m_open.store(false, std::memory_order_release);
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
    if (isOpen())
        m_reminders->wake();
}

template<typename Fn>
QFuture<FleetResult> FleetEngine::askBanner(qint64 bannerId, Fn &&command)
{
    if (!isOpen())
        return unavailable();
    if (!m_index->contains(bannerId))
        return ready(FleetResult::failure(FleetError::Code::UnknownBanner,
                                          QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    return mapFailures(m_bannerType.ref(ActorId(bannerId)).ask(std::forward<Fn>(command)));
}

QFuture<FleetResult> FleetEngine::registerBanner(qint64 id, const QString &callsign)
{
    return registerBanners({BannerRecord{id, callsign, 0}});
}

QFuture<FleetResult> FleetEngine::registerBanners(const QList<BannerRecord> &banners)
{
    if (!isOpen())
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
        QPromise<FleetResult> promise;
        QMutex mutex;
        FleetResult result;
        int remaining = 0;
    };
    auto join = std::make_shared<Join>();
    join->promise.start();
    join->remaining = int((banners.size() + kRegistrationChunk - 1) / kRegistrationChunk);
    QFuture<FleetResult> future = join->promise.future();

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
            batch.appendEvent(b.id, 1, QStringLiteral("banner_registered"), std::move(payload), now);
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
                                                        .arg(written.error.message()));
            if (--join->remaining == 0) {
                join->promise.addResult(join->result);
                join->promise.finish();
            }
        });
    }
    return future;
}

QFuture<FleetResult> FleetEngine::submit(qint64 bannerId, const QString &text, const QString &author,
                                         const QString &requestId)
{
    return askBanner(bannerId, [text, author, requestId](BannerActor &b) { return b.submit(text, author, requestId); });
}

QFuture<FleetResult> FleetEngine::cancel(qint64 bannerId, qint64 messageId, const QString &author)
{
    return askBanner(bannerId, [messageId, author](BannerActor &b) { return b.cancel(messageId, author); });
}

QFuture<FleetResult> FleetEngine::remove(qint64 bannerId, qint64 messageId)
{
    return askBanner(bannerId, [messageId](BannerActor &b) { return b.remove(messageId); });
}

QFuture<FleetResult> FleetEngine::move(qint64 bannerId, qint64 messageId, int position)
{
    return askBanner(bannerId, [messageId, position](BannerActor &b) { return b.move(messageId, position); });
}

QFuture<FleetResult> FleetEngine::approve(qint64 bannerId, qint64 messageId)
{
    return askBanner(bannerId, [messageId](BannerActor &b) { return b.approve(messageId); });
}

QFuture<FleetResult> FleetEngine::reject(qint64 bannerId, qint64 messageId)
{
    return askBanner(bannerId, [messageId](BannerActor &b) { return b.reject(messageId); });
}

QFuture<FleetResult> FleetEngine::blank(qint64 bannerId)
{
    return askBanner(bannerId, [](BannerActor &b) { return b.blank(); });
}

QFuture<FleetResult> FleetEngine::pause(qint64 bannerId)
{
    return askBanner(bannerId, [](BannerActor &b) { return b.pause(); });
}

QFuture<FleetResult> FleetEngine::resume(qint64 bannerId)
{
    return askBanner(bannerId, [](BannerActor &b) { return b.resume(); });
}

QFuture<std::optional<BannerState>> FleetEngine::bannerState(qint64 bannerId)
{
    if (!isOpen() || !m_index->contains(bannerId))
        return QtFuture::makeReadyFuture(std::optional<BannerState>());
    return m_bannerType.ref(ActorId(bannerId))
        .ask([](BannerActor &b) { return b.state(); })
        .then(QtFuture::Launch::Sync, [](QFuture<std::optional<BannerState>> answered) {
            try {
                if (answered.resultCount() > 0)
                    return answered.result();
            } catch (...) {
            }
            return std::optional<BannerState>();
        })
        .onCanceled([] { return std::optional<BannerState>(); });
}

QFuture<FleetResult> FleetEngine::deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                                  std::optional<qint64> showing)
{
    if (!isOpen())
        return unavailable();
    if (!m_index->contains(bannerId))
        return ready(FleetResult::failure(FleetError::Code::UnknownBanner,
                                          QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    m_devices->attach(bannerId, std::move(link));
    m_index->markSeen(bannerId, m_options.clock());
    return askBanner(bannerId, [showing](BannerActor &b) { return b.deviceConnected(showing); });
}

QFuture<FleetResult> FleetEngine::deviceDisconnected(qint64 bannerId, const DeviceLink *link)
{
    if (!m_devices->detach(bannerId, link))
        return ready({}); // a stale link: the banner has a newer one
    return askBanner(bannerId, [](BannerActor &b) { return b.deviceDisconnected(); });
}

QFuture<FleetResult> FleetEngine::displayed(qint64 bannerId, qint64 messageId)
{
    return askBanner(bannerId, [messageId](BannerActor &b) { return b.displayed(messageId); });
}

QFuture<FleetResult> FleetEngine::deviceBlanked(qint64 bannerId)
{
    return askBanner(bannerId, [](BannerActor &b) { return b.deviceBlanked(); });
}

void FleetEngine::telemetry(const TelemetryRecord &record)
{
    if (!isOpen() || !m_index->contains(record.bannerId))
        return;
    m_index->updateTelemetry(record);
    m_telemetry->add(record);
}

QFuture<std::optional<MessageRecord>> FleetEngine::receipt(qint64 messageId)
{
    if (!isOpen())
        return QtFuture::makeReadyFuture(std::optional<MessageRecord>());
    return QtConcurrent::run(&m_readers, [store = m_store.get(), messageId] {
        const auto loaded = store->loadMessage(messageId);
        return loaded.ok() ? loaded.value() : std::optional<MessageRecord>();
    });
}

QFuture<QList<MessageRecord>> FleetEngine::messageHistory(qint64 bannerId, int limit)
{
    if (!isOpen())
        return QtFuture::makeReadyFuture(QList<MessageRecord>());
    return QtConcurrent::run(&m_readers, [store = m_store.get(), bannerId, limit] {
        const auto loaded = store->messageHistory(bannerId, qBound(1, limit, 1000));
        return loaded.ok() ? loaded.value() : QList<MessageRecord>();
    });
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
    if (m_store && isOpen()) {
        m.store = m_store->counters();
        m.remindersFired = m_reminders->firedCount();
        m.telemetryFlushed = m_telemetry->flushedRows();
    }
    return m;
}

} // namespace airdisplay
