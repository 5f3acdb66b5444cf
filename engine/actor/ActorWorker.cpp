#include "ActorWorker.h"

#include "Actor.h"
#include "ActorErrors.h"
#include "ActorSystem.h"
#include "TsanAnnotations.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <vector>

Q_LOGGING_CATEGORY(lcActor, "airdisplay.actor")

namespace airdisplay {

namespace {

const QEvent::Type DrainEvent = QEvent::Type(QEvent::registerEventType());
const QEvent::Type CloseEvent = QEvent::Type(QEvent::registerEventType());

// Our own event rather than QMetaObject::invokeMethod: its payload is ours, so the hand-over is
// visible to ThreadSanitizer through the annotations in wake()/event().
struct CloseRequest : QEvent
{
    CloseRequest(QDeadlineTimer d, std::promise<quint64> *r) : QEvent(CloseEvent), deadline(d), dropped(r) {}
    QDeadlineTimer deadline;
    std::promise<quint64> *dropped;
};
thread_local ActorWorker *t_currentWorker = nullptr;

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Askers get one family of errors whatever the handler threw.
std::exception_ptr asActorError(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const ActorError &) {
        return error;
    } catch (const std::exception &e) {
        return std::make_exception_ptr(HandlerError(QString::fromUtf8(e.what())));
    } catch (...) {
        return std::make_exception_ptr(HandlerError(QStringLiteral("the handler threw a non-standard exception")));
    }
}

QString describe(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("non-standard exception");
    }
}

} // namespace

ActorWorker::ActorWorker(ActorSystem *system, int index, int batchSize)
    : m_system(system), m_index(index), m_batchSize(batchSize)
{
    setObjectName(QStringLiteral("actor-worker-%1").arg(index));
}

ActorWorker::~ActorWorker()
{
    // Anything that slipped in after closing fails rather than leaking.
    while (MailboxNode *node = m_mailbox.pop())
        failEnvelope(static_cast<Envelope *>(node),
                     std::make_exception_ptr(ShutdownError(QStringLiteral("the actor system has shut down"))));
    m_actors.forEach([](Actor *actor) { delete actor; });
}

ActorWorker *ActorWorker::current()
{
    return t_currentWorker;
}

void ActorWorker::init()
{
    Q_ASSERT(QThread::currentThread() == thread());
    t_currentWorker = this;

    m_timerDriver = new QTimer(this);
    m_timerDriver->setSingleShot(true);
    m_timerDriver->setTimerType(Qt::PreciseTimer);
    connect(m_timerDriver, &QTimer::timeout, this, &ActorWorker::fireTimers);

    const qint64 idleAge = m_system->config().idleAge.count();
    if (idleAge > 0) {
        m_idleSweep = new QTimer(this);
        m_idleSweep->setInterval(int(qBound(qint64(5), idleAge / 4, qint64(60000))));
        connect(m_idleSweep, &QTimer::timeout, this, &ActorWorker::sweepIdle);
        m_idleSweep->start();
    }
}

void ActorWorker::post(Envelope *envelope)
{
    // The closed check and the push form one step that closeAndDrain() waits out: without it a
    // message could pass the check, the worker close and drain, and the push land in a mailbox
    // nobody reads again, its asker waiting forever. Both sides are sequentially consistent: either
    // this sees m_closed, or the worker sees this post in m_posting and waits for its push.
    m_posting.fetch_add(1, std::memory_order_seq_cst);
    if (m_closed.load(std::memory_order_seq_cst)) {
        m_posting.fetch_sub(1, std::memory_order_release);
        failEnvelope(envelope, std::make_exception_ptr(
                                   ShutdownError(QStringLiteral("the actor system is shutting down"))));
        return;
    }
    m_mailbox.push(envelope);
    if (!m_wakePending.exchange(true, std::memory_order_seq_cst))
        wake();
    // Last: once shutdown() has returned, no post is still touching this worker.
    m_posting.fetch_sub(1, std::memory_order_release);
}

void ActorWorker::requestClose(QDeadlineTimer deadline, std::promise<quint64> *dropped)
{
    m_closeRequested.store(true, std::memory_order_relaxed);
    auto *request = new CloseRequest(deadline, dropped);
    AIRDISPLAY_TSAN_RELEASE(this);
    QCoreApplication::postEvent(this, request);
}

void ActorWorker::allowThreadEnd()
{
    m_threadMayEnd.store(true, std::memory_order_release);
}

void ActorWorker::awaitThreadEnd() const
{
    // quit() has already returned or is returning: a few turns at most.
    while (!m_threadMayEnd.load(std::memory_order_acquire))
        QThread::yieldCurrentThread();
}

void ActorWorker::wake()
{
    auto *event = new QEvent(DrainEvent);
    AIRDISPLAY_TSAN_RELEASE(this); // after the event is built: its bytes are ours too
    QCoreApplication::postEvent(this, event);
}

bool ActorWorker::event(QEvent *event)
{
    AIRDISPLAY_TSAN_ACQUIRE(this);
    if (event->type() == DrainEvent) {
        drainBatch();
        // A drain may run after the close (its wake-up was queued behind it): shutdown() acquires
        // this after QThread::wait(), before the worker is destroyed.
        AIRDISPLAY_TSAN_RELEASE(this);
        return true;
    }
    if (event->type() == CloseEvent) {
        auto *request = static_cast<CloseRequest *>(event);
        // The worker does not quit its own thread: shutdown() does, once its requestClose() has
        // returned. Qt wakes the receiving thread's event dispatcher after it has queued the event
        // and let go of its lock, so a thread that quit on this event could delete its dispatcher
        // (and close its eventfd) while the poster was still writing to it.
        request->dropped->set_value(closeAndDrain(request->deadline));
        return true;
    }
    return QObject::event(event);
}

int ActorWorker::popGroup(Envelope **group, int max)
{
    int n = 0;
    while (n < max) {
        MailboxNode *node = m_mailbox.pop();
        if (!node)
            break;
        group[n] = static_cast<Envelope *>(node);
        m_actors.prefetch(group[n]->target());
        ++n;
    }
    return n;
}

void ActorWorker::drainBatch()
{
    // Messages are taken in small groups whose table slots, then actors, are prefetched before
    // the first of them runs: the cache misses of a group overlap instead of adding up.
    constexpr int GroupSize = 16;
    Envelope *group[GroupSize];

    // One clock read per message: a turn ends where the next begins, so the histogram costs a
    // single steady_clock read (a vDSO call) per message.
    qint64 previousNs = steadyNs();
    const qint64 nowMs = m_system->nowMs();
    int handled = 0;
    while (handled < m_batchSize) {
        if (m_closeRequested.load(std::memory_order_relaxed)) {
            bump(m_handled, quint64(handled));
            return; // closeAndDrain() is queued behind this event and takes over
        }
        const int n = popGroup(group, qMin(GroupSize, m_batchSize - handled));
        if (n == 0)
            break;
        for (int i = 0; i < n; ++i) {
            if (Actor *actor = m_actors.find(group[i]->target())) {
                __builtin_prefetch(actor);
                __builtin_prefetch(reinterpret_cast<const char *>(actor) + 64);
            }
        }
        // Actors are looked up again in handle(): an earlier message of the group may have
        // deactivated or reset one.
        for (int i = 0; i < n; ++i) {
            handle(group[i], nowMs);
            const qint64 endNs = steadyNs();
            m_turnTime.record(endNs - previousNs);
            previousNs = endNs;
        }
        handled += n;
    }
    bump(m_handled, quint64(handled));

    if (handled == m_batchSize) {
        wake(); // more may be waiting: let other events run, then continue
        return;
    }
    m_wakePending.store(false, std::memory_order_seq_cst);
    // A producer that pushed before the store above saw the flag still set and did not wake us.
    if (!m_mailbox.isEmpty() && !m_wakePending.exchange(true, std::memory_order_seq_cst))
        wake();
}

void ActorWorker::handle(Envelope *envelope, qint64 nowMs)
{
    const ActorKey key = envelope->target();
    Actor *actor = m_actors.find(key);
    if (!actor) {
        try {
            actor = activate(key);
        } catch (...) {
            failEnvelope(envelope, std::current_exception());
            return;
        }
    }
    actor->m_lastActiveMs = nowMs;
    try {
        envelope->deliver(*actor);
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        qCWarning(lcActor) << "actor" << key.type << key.id << "threw:" << describe(error)
                           << "- the actor is reset";
        failEnvelope(envelope, error);
        resetAfterFailure(actor);
        return;
    }
    delete envelope;
    if (actor->m_deactivationRequested)
        deactivate(actor, true);
}

Actor *ActorWorker::activate(ActorKey key)
{
    Actor *actor = m_system->createActor(key);
    actor->m_worker = this;
    actor->m_id = key.id;
    actor->m_type = key.type;
    actor->m_incarnation = m_nextIncarnation++;
    actor->m_lastActiveMs = m_system->nowMs();
    m_actors.insert(actor);
    try {
        actor->onActivate();
    } catch (...) {
        m_actors.remove(key);
        delete actor;
        throw;
    }
    bump(m_activations);
    m_resident.store(quint64(m_actors.size()), std::memory_order_relaxed);
    return actor;
}

void ActorWorker::deactivate(Actor *actor, bool callHook)
{
    if (callHook) {
        try {
            actor->onDeactivate();
        } catch (...) {
            qCWarning(lcActor) << "actor" << actor->m_type << actor->m_id
                               << "threw while deactivating:" << describe(std::current_exception());
        }
    }
    m_actors.remove(actor->key());
    delete actor; // its timers die with its incarnation
    bump(m_deactivations);
    m_resident.store(quint64(m_actors.size()), std::memory_order_relaxed);
}

void ActorWorker::resetAfterFailure(Actor *actor)
{
    // Its in-memory state may be half-changed: drop it without saving. The next message
    // activates a fresh instance (which reloads whatever was durably committed).
    bump(m_resets);
    deactivate(actor, false);
}

void ActorWorker::failEnvelope(Envelope *envelope, std::exception_ptr error)
{
    bump(m_failed);
    envelope->fail(asActorError(error));
    delete envelope;
}

TimerId ActorWorker::addTimer(Actor *actor, qint64 delayMs, qint64 periodMs, std::function<void()> fn)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const ActorKey key = actor->key();
    const quint64 incarnation = actor->m_incarnation;
    // The id is only known after add(); the callback needs it to cancel itself once its actor is gone.
    auto selfId = std::make_shared<TimerId>(0);
    const TimerId id = m_timers.add(m_system->nowMs() + qMax<qint64>(0, delayMs), periodMs,
                                    [this, key, incarnation, selfId, fn = std::move(fn)] {
        Actor *target = m_actors.find(key);
        if (!target || target->m_incarnation != incarnation) {
            m_timers.cancel(*selfId);
            return;
        }
        target->m_lastActiveMs = m_system->nowMs();
        const qint64 startNs = steadyNs();
        try {
            fn();
        } catch (...) {
            qCWarning(lcActor) << "timer of actor" << key.type << key.id
                               << "threw:" << describe(std::current_exception()) << "- the actor is reset";
            bump(m_failed);
            resetAfterFailure(target);
            return;
        }
        m_turnTime.record(steadyNs() - startNs);
        bump(m_handled);
        if (target->m_deactivationRequested)
            deactivate(target, true);
    });
    *selfId = id;
    m_timersPending.store(quint64(m_timers.size()), std::memory_order_relaxed);
    armTimerDriver();
    return id;
}

bool ActorWorker::cancelTimer(TimerId id)
{
    const bool cancelled = m_timers.cancel(id);
    m_timersPending.store(quint64(m_timers.size()), std::memory_order_relaxed);
    return cancelled;
}

void ActorWorker::fireTimers()
{
    m_timers.runDue(m_system->nowMs());
    m_timersPending.store(quint64(m_timers.size()), std::memory_order_relaxed);
    armTimerDriver();
}

void ActorWorker::armTimerDriver()
{
    const qint64 due = m_timers.nextDue();
    if (due < 0) {
        m_timerDriver->stop();
        return;
    }
    const qint64 wait = qMax<qint64>(0, due - m_system->nowMs());
    if (m_timerDriver->isActive() && m_timerDriver->remainingTime() <= wait)
        return;
    m_timerDriver->start(int(qMin<qint64>(wait, std::numeric_limits<int>::max())));
}

void ActorWorker::sweepIdle()
{
    const qint64 cutoff = m_system->nowMs() - m_system->config().idleAge.count();
    std::vector<Actor *> idle;
    m_actors.forEach([&](Actor *actor) {
        if (actor->m_lastActiveMs <= cutoff && actor->canDeactivate())
            idle.push_back(actor);
    });
    for (Actor *actor : idle)
        deactivate(actor, true);
}

quint64 ActorWorker::closeAndDrain(QDeadlineTimer deadline)
{
    quint64 dropped = 0;
    const qint64 nowMs = m_system->nowMs();
    for (;;) {
        MailboxNode *node = m_mailbox.pop();
        if (!node) {
            if (m_mailbox.isEmpty())
                break;
            QThread::yieldCurrentThread(); // a producer is mid-push
            continue;
        }
        auto *envelope = static_cast<Envelope *>(node);
        if (deadline.hasExpired()) {
            ++dropped;
            failEnvelope(envelope, std::make_exception_ptr(ShutdownError(
                                       QStringLiteral("the actor system shut down before this message was handled"))));
            continue;
        }
        handle(envelope, nowMs);
        bump(m_handled);
    }
    // Refuse new messages before the hooks run, so that nothing arrives after the last save, and
    // wait out the posts that passed the check before it: their messages are handled here.
    m_closed.store(true, std::memory_order_seq_cst);
    while (m_posting.load(std::memory_order_acquire) != 0)
        QThread::yieldCurrentThread();
    while (MailboxNode *node = m_mailbox.pop()) {
        handle(static_cast<Envelope *>(node), nowMs);
        bump(m_handled);
    }

    std::vector<Actor *> actors;
    actors.reserve(size_t(m_actors.size()));
    m_actors.forEach([&](Actor *actor) { actors.push_back(actor); });
    for (Actor *actor : actors)
        deactivate(actor, true);
    m_timerDriver->stop();
    if (m_idleSweep)
        m_idleSweep->stop();
    m_timers = TimerQueue();
    m_timersPending.store(0, std::memory_order_relaxed);
    return dropped;
}

void ActorWorker::collectMetrics(ActorMetrics &into) const
{
    into.messagesHandled += m_handled.load(std::memory_order_relaxed);
    into.mailboxDepth += m_mailbox.depth();
    into.residentActors += m_resident.load(std::memory_order_relaxed);
    into.activations += m_activations.load(std::memory_order_relaxed);
    into.deactivations += m_deactivations.load(std::memory_order_relaxed);
    into.resets += m_resets.load(std::memory_order_relaxed);
    into.failedMessages += m_failed.load(std::memory_order_relaxed);
    into.timersPending += m_timersPending.load(std::memory_order_relaxed);
    const auto counts = m_turnTime.counts();
    for (int i = 0; i < TurnHistogram::BucketCount; ++i)
        into.turnTimeNs[i] += counts[i];
}

} // namespace airdisplay
