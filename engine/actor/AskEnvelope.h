#pragma once

#include "Envelope.h"
#include "Reply.h"

#include <type_traits>

namespace airdisplay {

// A request/response message: runs fn(actor, reply) as one turn. fn settles the reply then or
// later (say, once a write is committed); if the message cannot be handled, the reply fails.
template <typename ActorT, typename Fn, typename R>
class AskEnvelope final : public Envelope
{
public:
    static_assert(alignof(Fn) <= EnvelopeAllocator::Alignment, "over-aligned message");
    static_assert(std::is_invocable_v<Fn &, ActorT &, const Reply<R> &>, "a request takes the actor and its reply");

    AskEnvelope(ActorKey target, Fn &&fn, Reply<R> reply)
        : Envelope(target), m_fn(std::move(fn)), m_reply(std::move(reply)) {}

    void deliver(Actor &actor) override { m_fn(static_cast<ActorT &>(actor), m_reply); }
    void fail(std::exception_ptr error) noexcept override { m_reply.fail(error); }

private:
    Fn m_fn;
    Reply<R> m_reply;
};

} // namespace airdisplay
