#pragma once

#include "ActorKey.h"
#include "TimerQueue.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace airdisplay {

class ActorSystem;
class ActorWorker;

// Base of every virtual actor. An actor is a QObject living on exactly one worker thread; the
// runtime creates it on its first message (activation), runs its messages one at a time (turns) and
// destroys it after an idle age (deactivation). Subclasses keep their state in members and never
// lock: nothing else touches them concurrently.
class Actor : public QObject
{
    Q_OBJECT

public:
    Actor() = default;
    ~Actor() override = default;

    ActorId id() const { return m_id; }
    ActorTypeId typeId() const { return m_type; }
    ActorKey key() const { return {m_type, m_id}; }
    ActorSystem &system() const;

protected:
    // Called on the worker thread after construction, before the first message. Throwing fails
    // the message that caused the activation and discards the actor.
    virtual void onActivate() {}
    // Called on the worker thread before an idle or shutdown deactivation (not after a reset:
    // state that made a handler throw is not to be saved).
    virtual void onDeactivate() {}
    // An actor with work in flight (say, a write not yet committed) vetoes idle deactivation.
    virtual bool canDeactivate() const { return true; }

    // A timer that runs fn as a turn of this actor. It lives only as long as this activation: it
    // is dropped on deactivation or reset. period 0 fires once.
    TimerId startActorTimer(std::chrono::milliseconds delay, std::function<void()> fn,
                            std::chrono::milliseconds period = std::chrono::milliseconds(0));
    bool cancelActorTimer(TimerId id);

    // Deactivate right after the current turn (onDeactivate is called).
    void requestDeactivation() { m_deactivationRequested = true; }

private:
    friend class ActorWorker;

    ActorWorker *m_worker = nullptr;
    ActorId m_id = 0;
    quint64 m_incarnation = 0; // tells this activation's timers from a later one's
    qint64 m_lastActiveMs = 0;
    ActorTypeId m_type = 0;
    bool m_deactivationRequested = false;
};

} // namespace airdisplay
