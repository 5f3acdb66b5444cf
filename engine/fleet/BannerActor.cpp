#include "BannerActor.h"

#include "ActorErrors.h"
#include "ActorSystem.h"
#include "DeviceRegistry.h"
#include "EventBus.h"
#include "FleetIndex.h"
#include "FleetLogging.h"
#include "Store.h"

#include <QMutex>

#include <functional>
#include <vector>

namespace airdisplay {

namespace {

std::atomic<quint64> g_activations{0};

MessageRecord receiptOf(qint64 bannerId, const BannerMessage &m)
{
    MessageRecord r;
    r.messageId = m.id;
    r.bannerId = bannerId;
    r.author = m.author;
    r.requestId = m.requestId;
    r.text = m.text;
    r.status = BannerMessage::statusName(m.status);
    r.submittedMs = m.submittedMs;
    r.startedMs = m.startedMs;
    r.endedMs = m.endedMs;
    r.reason = m.reason;
    return r;
}

RequestRecord requestRecordOf(qint64 bannerId, const BannerState::Accepted &a)
{
    return {bannerId, a.author, a.requestId, a.text, a.messageId, a.position, a.estimatedStartMs, a.acceptedMs};
}

} // namespace

// Settles once with whether a batch committed, and tells whoever waits on it.
struct BannerActor::Completion
{
    using Waiter = std::function<void(bool committed)>;

    void settle(bool ok)
    {
        std::vector<Waiter> waiters;
        {
            QMutexLocker locker(&mutex);
            done = true;
            committed = ok;
            waiters.swap(pending);
        }
        for (Waiter &w : waiters)
            w(ok);
    }
    void whenSettled(Waiter waiter)
    {
        QMutexLocker locker(&mutex);
        if (!done) {
            pending.push_back(std::move(waiter));
            return;
        }
        locker.unlock();
        waiter(committed);
    }

    QMutex mutex;
    bool done = false;
    bool committed = false;
    std::vector<Waiter> pending;
};

BannerActor::BannerActor(FleetContext *context) : m_context(context) {}

void BannerActor::onActivate()
{
    m_activation = g_activations.fetch_add(1, std::memory_order_relaxed) + 1;
    const QString actorId = QString::number(id());
    const StoreResult<ActorState> loaded = m_context->store->loadState(actorTypeName(), actorId);
    if (!loaded)
        throw ActorError(QStringLiteral("banner %1 could not be loaded: %2").arg(actorId, loaded.error().message()));
    if (!loaded->exists())
        return; // never registered: commands are answered with unknown_banner
    std::optional<BannerState> state = BannerState::decode(loaded->payload);
    if (!state)
        throw ActorError(QStringLiteral("banner %1 has a stored state that is not a banner state").arg(actorId));
    // A banner that never accepted a message has no request ids to load: a fleet's first
    // submissions cost no extra read.
    QList<RequestRecord> requests;
    if (state->nextMessage > 1) {
        StoreResult<QList<RequestRecord>> loadedRequests =
                m_context->store->loadRequests(qint64(id()), m_context->clock() - m_context->policy->requestRetentionMs);
        if (!loadedRequests)
            throw ActorError(QStringLiteral("banner %1's request ids could not be loaded: %2")
                                     .arg(actorId, loadedRequests.error().message()));
        requests = std::move(*loadedRequests);
    }
    m_version = loaded->version;
    m_queue = std::make_unique<BannerQueue>(std::move(*state), *m_context->policy, *m_context->text,
                                            m_context->clock, m_context->devices->isConnected(qint64(id())));
    QList<BannerState::Accepted> remembered;
    remembered.reserve(requests.size());
    for (const RequestRecord &r : std::as_const(requests))
        remembered.append({r.author, r.requestId, r.text, r.messageId, r.position, r.estimatedStartMs, r.acceptedMs});
    m_queue->rememberRequests(remembered);
    // The index has had this summary since open (FleetIndexLoader) or registration, but a device
    // may have connected since.
    m_context->index->updateSummary(qint64(id()), m_queue->summary());
    m_context->activations.fetch_add(1, std::memory_order_relaxed);
}

bool BannerActor::canDeactivate() const
{
    return m_inFlight->load(std::memory_order_acquire) == 0;
}

template<typename Fn>
void BannerActor::run(Fn &&command, const Reply<FleetResult> &reply)
{
    if (!m_queue || m_discarded) {
        if (!m_queue)
            requestDeactivation(); // nothing to keep resident for an id that is not a banner
        m_context->refused.fetch_add(1, std::memory_order_relaxed);
        reply.settle(m_queue ? FleetResult::failure(FleetError::Code::StoreFailure,
                                                    QStringLiteral("An earlier change of this banner failed to commit."))
                             : FleetResult::failure(FleetError::Code::UnknownBanner,
                                                    QStringLiteral("Banner %1 is not registered.").arg(id())));
        return;
    }
    commit(command(*m_queue), reply);
}

void BannerActor::commit(BannerChange change, const Reply<FleetResult> &reply)
{
    if (change.result.error.isError()) {
        m_context->refused.fetch_add(1, std::memory_order_relaxed);
        reply.settle(change.result);
        return;
    }
    if (change.result.duplicate) {
        m_context->duplicates.fetch_add(1, std::memory_order_relaxed);
        // The first answer may still be on its way to the disk: the retry is answered no sooner,
        // and not at all as accepted if that batch (or one before it) failed.
        if (m_lastBatch) {
            m_lastBatch->whenSettled([reply, result = change.result](bool committed) {
                reply.settle(committed ? result
                                       : FleetResult::failure(FleetError::Code::StoreFailure,
                                                              QStringLiteral("The first submission of this request"
                                                                             " could not be stored; retry.")));
            });
            return;
        }
    }
    if (!change.changesState()) {
        // Nothing to commit, but possibly something to repeat to the device (a reconnection).
        for (const DeviceCommand &c : std::as_const(change.deviceCommands))
            m_context->devices->send(c);
        reply.settle(change.result);
        return;
    }

    const qint64 bannerId = qint64(id());
    const QString type = actorTypeName();
    const QString actorId = QString::number(bannerId);
    WriteBatch batch;
    batch.putState(type, actorId, m_version, m_queue->state().encode());
    ++m_version;
    bool accepted = false;
    for (const BannerEvent &e : std::as_const(change.events)) {
        batch.appendEvent(bannerId, e.bannerSeq, eventTypeName(e.type), e.payload, e.atMs);
        accepted = accepted || e.type == BannerEventType::MessageQueued || e.type == BannerEventType::MessageHeld;
    }
    for (const ReminderOp &r : std::as_const(change.reminders)) {
        if (r.removed)
            batch.removeReminder(type, actorId, r.name);
        else
            batch.upsertReminder({type, actorId, r.name, r.dueMs, 0, QByteArray::number(r.messageId)});
    }
    for (const BannerMessage &m : std::as_const(change.messages))
        batch.upsertMessage(receiptOf(bannerId, m));
    // In the same batch as the message: an acknowledged submission's request id is as durable as it.
    for (const BannerState::Accepted &a : std::as_const(change.requests))
        batch.recordRequest(requestRecordOf(bannerId, a));
    for (const BannerState::Accepted &a : m_queue->takeUnrecordedRequests())
        batch.recordRequest(requestRecordOf(bannerId, a));

    m_inFlight->fetch_add(1, std::memory_order_acq_rel);
    m_lastBatch = std::make_shared<Completion>();
    m_context->store->submit(
        std::move(batch),
        [context = m_context, reply, result = change.result, commands = change.deviceCommands,
         summary = m_queue->summary(), inFlight = m_inFlight, self = system().ref<BannerActor>(typeId(), id()),
         completion = m_lastBatch, activation = m_activation, bannerId, accepted](WriteResult written) {
            if (written.ok()) {
                context->commits.fetch_add(1, std::memory_order_relaxed);
                if (accepted)
                    context->accepted.fetch_add(1, std::memory_order_relaxed);
                // Commit order: the log, the read model and the device see changes in one order.
                context->events->publish(written.events);
                context->index->updateSummary(bannerId, summary);
                for (const DeviceCommand &c : commands)
                    context->devices->send(c);
                reply.settle(result);
            } else {
                context->commitFailures.fetch_add(1, std::memory_order_relaxed);
                qCWarning(lcFleet) << "banner" << bannerId << "change not committed:" << written.error.message();
                // The discard goes into the actor's mailbox before the caller hears of the failure,
                // so a retry sent on that answer finds the committed state reloaded, not the failed
                // batch's request id (which would answer it as a failed duplicate).
                self.tell([activation](BannerActor &actor) { actor.discardAfterFailedCommit(activation); });
                reply.settle(FleetResult::failure(FleetError::Code::StoreFailure,
                                                  QStringLiteral("The change could not be stored: %1")
                                                      .arg(written.error.message()),
                                                  written.error));
            }
            completion->settle(written.ok());
            inFlight->fetch_sub(1, std::memory_order_acq_rel);
        });
}

void BannerActor::discardAfterFailedCommit(quint64 activation)
{
    if (activation != m_activation || m_discarded)
        return;
    qCInfo(lcFleet) << "banner" << id() << "reloads its committed state after a failed write";
    m_discarded = true;
    requestDeactivation();
}

void BannerActor::state(const Reply<std::optional<BannerState>> &reply) const
{
    if (!m_queue || m_discarded) {
        reply.settle(std::nullopt);
        return;
    }
    std::optional<BannerState> state = m_queue->state();
    if (!m_lastBatch) {
        reply.settle(std::move(state));
        return;
    }
    m_lastBatch->whenSettled([reply, state = std::move(state)](bool committed) {
        reply.settle(committed ? state : std::nullopt);
    });
}

void BannerActor::execute(const BannerCommand &command, const QString &author, const Reply<FleetResult> &reply)
{
    run([&](BannerQueue &q) { return q.execute(command, author); }, reply);
}

void BannerActor::deviceConnected(std::optional<qint64> showing, const Reply<FleetResult> &reply)
{
    run([&](BannerQueue &q) { return q.deviceConnected(showing); }, reply);
}

void BannerActor::deviceDisconnected(const Reply<FleetResult> &reply)
{
    run([](BannerQueue &q) { return q.deviceDisconnected(); }, reply);
}

void BannerActor::reminderDue(const QString &name)
{
    // Nobody waits for a reminder's answer; a failed commit is logged by commit().
    run([&](BannerQueue &q) { return q.reminderDue(name); }, Reply<FleetResult>());
}

} // namespace airdisplay
