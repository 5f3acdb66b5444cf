#pragma once

#include "ActorKey.h"
#include "ActorMetrics.h"
#include "ActorTable.h"
#include "Envelope.h"
#include "Mailbox.h"
#include "TimerQueue.h"
#include "TurnHistogram.h"

#include <QDeadlineTimer>
#include <QObject>

#include <atomic>
#include <future>
#include <functional>

class QTimer;

namespace airdisplay {

class Actor;
class ActorSystem;

// One worker thread's share of the actors: their table, their mailbox and their timers.
//
// Messages arrive through a lock-free mailbox; the first message into an empty mailbox posts one
// QEvent, and that event drains up to a batch of messages before yielding to the event loop. So the
// cost of Qt's event machinery is paid once per batch, not once per message, while timers and other
// events on this thread still get their turn between batches.
class ActorWorker final : public QObject
{
    Q_OBJECT

public:
    ActorWorker(ActorSystem *system, int index, int batchSize);
    ~ActorWorker() override;

    ActorSystem &system() const { return *m_system; }
    int index() const { return m_index; }

    // Any thread. Takes ownership. After the worker has closed, the envelope fails at once.
    void post(Envelope *envelope);

    // Any thread: asks the worker to closeAndDrain() within the deadline and report the count of
    // dropped messages through `dropped`. The current batch ends early so that the close runs
    // next. The thread is quit by ActorSystem::shutdown(), not by the worker (see event()).
    void requestClose(QDeadlineTimer deadline, std::promise<quint64> *dropped);

    // Waking a thread writes to its event dispatcher's eventfd, and an ending thread closes it.
    // Qt orders QThread::quit()'s write before the close with a mutex ThreadSanitizer cannot
    // see; this handshake states the order in our own code, where it is checked: shutdown()
    // calls allowThreadEnd() once quit() has returned, and the thread, finishing, waits for it.
    void allowThreadEnd();
    void awaitThreadEnd() const;

    // Worker thread only.
    void init();
    TimerId addTimer(Actor *actor, qint64 delayMs, qint64 periodMs, std::function<void()> fn);
    bool cancelTimer(TimerId id);
    // Handles what is queued until the mailbox is empty or the deadline passes, fails the rest,
    // deactivates every actor (saving state through onDeactivate) and closes. Returns the count
    // of messages failed for lack of time.
    quint64 closeAndDrain(QDeadlineTimer deadline);

    // Any thread.
    void collectMetrics(ActorMetrics &into) const;

    // The worker running on the calling thread, or nullptr.
    static ActorWorker *current();

protected:
    bool event(QEvent *event) override;

private:
    void wake();
    void drainBatch();
    int popGroup(Envelope **group, int max);
    void handle(Envelope *envelope, qint64 nowMs);
    Actor *activate(ActorKey key);
    void deactivate(Actor *actor, bool callHook);
    void resetAfterFailure(Actor *actor);
    void sweepIdle();
    void fireTimers();
    void armTimerDriver();
    void failEnvelope(Envelope *envelope, std::exception_ptr error);
    static void bump(std::atomic<quint64> &counter, quint64 by = 1)
    {
        counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    }

    ActorSystem *m_system;
    const int m_index;
    const int m_batchSize;

    Mailbox m_mailbox;
    alignas(64) std::atomic<bool> m_wakePending{false};
    std::atomic<int> m_posting{0}; // posts between their closed check and their push
    std::atomic<bool> m_closed{false};
    std::atomic<bool> m_closeRequested{false};
    std::atomic<bool> m_threadMayEnd{false};

    // Worker thread only from here on.
    alignas(64) ActorTable<Actor> m_actors;
    TimerQueue m_timers;
    QTimer *m_timerDriver = nullptr;
    QTimer *m_idleSweep = nullptr;
    quint64 m_nextIncarnation = 1;

    // Written by the worker only (relaxed stores), read by anyone.
    std::atomic<quint64> m_handled{0};
    std::atomic<quint64> m_resident{0};
    std::atomic<quint64> m_activations{0};
    std::atomic<quint64> m_deactivations{0};
    std::atomic<quint64> m_resets{0};
    std::atomic<quint64> m_failed{0};
    std::atomic<quint64> m_timersPending{0};
    TurnHistogram m_turnTime;
};

} // namespace airdisplay
