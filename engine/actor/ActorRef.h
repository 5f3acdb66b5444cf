#pragma once

#include "ActorKey.h"
#include "AskEnvelope.h"
#include "Envelope.h"

#include <chrono>
#include <memory>
#include <type_traits>

namespace airdisplay {

class ActorSystem;
class ActorWorker;

namespace detail {
void postEnvelope(ActorWorker *worker, Envelope *envelope);
void armAskTimeout(ActorSystem *system, std::chrono::milliseconds timeout, AskState &state);
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

    // Request/response: fn(ActorT &) runs as one turn and what it returns settles the reply.
    // When the message cannot be handled (shutdown, the handler threw) or is not answered within
    // the timeout (0 = none, default: the system's askTimeout), the reply settles with
    // onFailure(const ActorError &) instead, on whichever thread found out.
    template <typename Fn, typename OnFailure>
    auto ask(Fn &&fn, OnFailure &&onFailure, std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) const
    {
        using R = std::decay_t<std::invoke_result_t<std::decay_t<Fn> &, ActorT &>>;
        return request<R>([fn = std::forward<Fn>(fn)](ActorT &actor, const Reply<R> &reply) mutable { reply.settle(fn(actor)); },
                          std::forward<OnFailure>(onFailure), timeout);
    }

    // Request/response answered later: fn(ActorT &, const Reply<R> &) runs as one turn and settles
    // the reply then, or later from any thread (once a write has committed, say). Failures and the
    // timeout as for ask().
    template <typename R, typename Fn, typename OnFailure>
    Reply<R> request(Fn &&fn, OnFailure &&onFailure, std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) const
    {
        using Stored = std::decay_t<Fn>;
        Reply<R> reply;
        reply.setFailure(std::forward<OnFailure>(onFailure));
        if (timeout.count() < 0)
            timeout = detail::defaultAskTimeout(m_system);
        if (timeout.count() > 0)
            detail::armAskTimeout(m_system, timeout, reply.askState());
        detail::postEnvelope(m_worker, new AskEnvelope<ActorT, Stored, R>(m_key, Stored(std::forward<Fn>(fn)), reply));
        return reply;
    }

    friend bool operator==(const ActorRef &a, const ActorRef &b) { return a.m_system == b.m_system && a.m_key == b.m_key; }

private:
    ActorSystem *m_system = nullptr;
    ActorWorker *m_worker = nullptr;
    ActorKey m_key;
};

} // namespace airdisplay
