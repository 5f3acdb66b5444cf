#pragma once

#include "ActorKey.h"
#include "EnvelopeAllocator.h"
#include "MailboxNode.h"

#include <exception>

namespace airdisplay {

class Actor;

// One message in flight: the target actor and what to do with it. The mailbox links envelopes
// directly (MailboxNode), so a tell costs one allocation: the envelope with its callable inline.
class Envelope : public MailboxNode
{
public:
    explicit Envelope(ActorKey target) : m_target(target) {}
    virtual ~Envelope() = default;
    Envelope(const Envelope &) = delete;
    Envelope &operator=(const Envelope &) = delete;

    ActorKey target() const { return m_target; }

    // Envelopes come from pooled blocks (see EnvelopeAllocator); the sized delete of the virtual
    // destructor tells which pool size class a block belongs to.
    static void *operator new(std::size_t size) { return EnvelopeAllocator::allocate(size); }
    static void operator delete(void *object, std::size_t size) noexcept
    {
        EnvelopeAllocator::deallocate(object, size);
    }

    // Runs the message as one turn of the actor, on the actor's worker thread. May throw: the
    // worker then calls fail() and resets the actor.
    virtual void deliver(Actor &actor) = 0;

    // The message could not be handled (handler threw, unknown type, shutdown). An ask passes the
    // error to its asker; a tell has nobody to tell and the worker logs it.
    virtual void fail(std::exception_ptr error) noexcept { Q_UNUSED(error); }

private:
    ActorKey m_target;
};

// A fire-and-forget message: a callable taking the actor by reference.
template <typename ActorT, typename Fn>
class TellEnvelope final : public Envelope
{
public:
    static_assert(alignof(Fn) <= EnvelopeAllocator::Alignment, "over-aligned message");
    TellEnvelope(ActorKey target, Fn &&fn) : Envelope(target), m_fn(std::move(fn)) {}
    void deliver(Actor &actor) override { m_fn(static_cast<ActorT &>(actor)); }

private:
    Fn m_fn;
};

} // namespace airdisplay
