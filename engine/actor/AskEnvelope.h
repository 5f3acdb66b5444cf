#pragma once

#include "ActorErrors.h"
#include "AskState.h"
#include "Envelope.h"

#include <QFuture>

#include <memory>
#include <type_traits>

namespace airdisplay {

template <typename T>
struct IsQFuture : std::false_type {};
template <typename T>
struct IsQFuture<QFuture<T>> : std::true_type {};

// The value an ask's future carries: what the handler returns, or, when the handler answers later
// with a QFuture of its own (say, once a write is committed), what that future carries.
template <typename Ret>
struct AskValueOf { using Type = Ret; };
template <typename T>
struct AskValueOf<QFuture<T>> { using Type = T; };
template <typename Ret>
using AskValue = typename AskValueOf<Ret>::Type;

// A request/response message: runs fn on the actor and settles the asker's future with its result.
template <typename ActorT, typename Fn>
class AskEnvelope final : public Envelope
{
public:
    static_assert(alignof(Fn) <= EnvelopeAllocator::Alignment, "over-aligned message");
    using Ret = std::invoke_result_t<Fn &, ActorT &>;
    using Value = AskValue<Ret>;

    AskEnvelope(ActorKey target, Fn &&fn, std::shared_ptr<AskState<Value>> state)
        : Envelope(target), m_fn(std::move(fn)), m_state(std::move(state)) {}

    void deliver(Actor &actor) override
    {
        auto &self = static_cast<ActorT &>(actor);
        if constexpr (IsQFuture<Ret>::value) {
            Ret inner = m_fn(self);
            // Settled on whichever thread completes the inner future; the asker's own
            // continuation (QFuture::then with a context) still runs on the asker's thread.
            inner.then([state = m_state](Ret done) {
                try {
                    if (done.isCanceled() && done.resultCount() == 0) {
                        state->fail(std::make_exception_ptr(ActorError(QStringLiteral("the reply was cancelled"))));
                        return;
                    }
                    if constexpr (std::is_void_v<Value>) {
                        done.waitForFinished();
                        state->succeed();
                    } else {
                        state->succeed(done.result());
                    }
                } catch (...) {
                    state->fail(std::current_exception());
                }
            });
        } else if constexpr (std::is_void_v<Ret>) {
            m_fn(self);
            m_state->succeed();
        } else {
            m_state->succeed(m_fn(self));
        }
    }

    void fail(std::exception_ptr error) noexcept override { m_state->fail(error); }

private:
    Fn m_fn;
    std::shared_ptr<AskState<Value>> m_state;
};

} // namespace airdisplay
