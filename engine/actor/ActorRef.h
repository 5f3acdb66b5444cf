#pragma once

#include "ActorKey.h"
#include "AskEnvelope.h"
#include "Envelope.h"

#include <QFuture>

#include <chrono>
#include <memory>
#include <type_traits>

namespace airdisplay {

class ActorSystem;
class ActorWorker;

namespace detail {
void postEnvelope(ActorWorker *worker, Envelope *envelope);
void armAskTimeout(ActorSystem *system, std::chrono::milliseconds timeout, std::shared_ptr<AskStateBase> state);
std::chrono::milliseconds defaultAskTimeout(const ActorSystem *system);
} // namespace detail

// A small, copyable address of one virtual actor, usable from any thread. It does not keep the
// actor alive or resident: sending through it activates the actor if needed.
template <typename ActorT>
class ActorRef
{
public:
    ActorRef() = default;
    ActorRef(ActorSystem *system, ActorWorker *worker, ActorKey key)
        : m_system(system), m_worker(worker), m_key(key) {}

    bool isNull() const { return m_system == nullptr; }
    ActorKey key() const { return m_key; }
    ActorId id() const { return m_key.id; }

    // Fire and forget: fn(ActorT &) runs as one turn of the actor. Messages from one thread to one
    // actor run in the order they were told.
    template <typename Fn>
    void tell(Fn &&fn) const
    {
        using Stored = std::decay_t<Fn>;
        static_assert(std::is_invocable_v<Stored &, ActorT &>, "a message is a callable taking the actor");
        detail::postEnvelope(m_worker, new TellEnvelope<ActorT, Stored>(m_key, Stored(std::forward<Fn>(fn))));
    }

    // Request/response: fn(ActorT &) runs as one turn and its result settles the returned future.
    // If fn returns a QFuture, the ask settles when that one does (an answer after a commit, say).
    // The future fails with AskTimeoutError after the timeout (0 = none), with the handler's error
    // if it threw (ActorError family), or with ShutdownError. Use
    // future.then(context, ...) to get the answer on the asker's thread.
    template <typename Fn>
    auto ask(Fn &&fn, std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) const
    {
        using Stored = std::decay_t<Fn>;
        using Envelope = AskEnvelope<ActorT, Stored>;
        using Value = typename Envelope::Value;
        auto state = std::make_shared<AskState<Value>>();
        QFuture<Value> future = state->future();
        if (timeout.count() < 0)
            timeout = detail::defaultAskTimeout(m_system);
        if (timeout.count() > 0)
            detail::armAskTimeout(m_system, timeout, state);
        detail::postEnvelope(m_worker, new Envelope(m_key, Stored(std::forward<Fn>(fn)), std::move(state)));
        return future;
    }

    friend bool operator==(const ActorRef &a, const ActorRef &b) { return a.m_system == b.m_system && a.m_key == b.m_key; }

private:
    ActorSystem *m_system = nullptr;
    ActorWorker *m_worker = nullptr;
    ActorKey m_key;
};

} // namespace airdisplay
