#pragma once

#include "ActorErrors.h"
#include "AskState.h"
#include "ReplyTarget.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

namespace airdisplay {

// The one answer to one request: settled once, from any thread, and handed to one continuation.
//
// It replaces QFuture on the answer path. Qt 6.4's continuations race when one is attached while
// another thread finishes the future, and QFuture::then(context, ...) asserts (Debug) or drops the
// answer (release) when its context dies first; every answer used to pass through four or five of
// them. A Reply has no chain: whoever settles it hands the value straight to the continuation,
// which holds what it needs by value. then(receiver, fn) delivers on the receiver's thread through
// a ReplyTarget, which stops delivering once the receiver is destroyed.
//
// Copies share one state: the producer keeps one, the consumer another. A failure is a value of T
// (FleetResult carries its error), so there is nothing to rethrow.
template <typename T>
class Reply
{
    static_assert(!std::is_void_v<T> && !std::is_reference_v<T>, "a reply carries a value");

public:
    using Failure = std::function<T(const ActorError &)>;

    Reply() : m_state(std::make_shared<State>()) {}
    static Reply ready(T value)
    {
        Reply reply;
        reply.settle(std::move(value));
        return reply;
    }

    // Any thread. The first settle wins; later ones (a timeout after the answer, say) are ignored.
    bool settle(T value) const { return m_state->settle(std::move(value)); }

    // Once per reply, on the receiver's thread: fn(const T &) runs there once the reply settles,
    // unless the receiver is destroyed first (then fn is destroyed unrun, on the receiver's thread
    // or the settling one, so it must not own anything that needs a particular thread).
    template <typename Fn>
    void then(QObject *receiver, Fn &&fn) const
    {
        m_state->setContinuation([target = ReplyTarget::of(receiver), fn = std::forward<Fn>(fn)](const T &value) mutable {
            target->post([fn = std::move(fn), value]() mutable { fn(value); });
        });
    }

    // Once per reply: fn(const T &) runs on the thread that settles (or on this one, if that
    // happened already). For callers without an event loop; it must be quick and must not block.
    template <typename Fn>
    void then(Fn &&fn) const
    {
        m_state->setContinuation(std::forward<Fn>(fn));
    }

    bool isFinished() const { return m_state->isFinished(); }
    // Block until the reply settles: for tests, tools and threads of one's own, never on a thread
    // that serves others (GUI, gateway, workers).
    const T &result() const { return m_state->wait(); }
    void waitForFinished() const { m_state->wait(); }

    // For the runtime: how an ask that fails is answered, set before its message is posted.
    void setFailure(Failure failure) const { m_state->setFailure(std::move(failure)); }
    void fail(std::exception_ptr error) const noexcept { m_state->fail(error); }
    AskState &askState() const { return *m_state; }

private:
    class State final : public AskState
    {
    public:
        bool settle(T value)
        {
            if (!claim())
                return false;
            std::function<void(const T &)> next;
            {
                std::lock_guard lock(m_mutex);
                m_value.emplace(std::move(value));
                next = std::move(m_continuation);
            }
            m_settled.notify_all();
            // m_value never changes again: read without the lock.
            if (next)
                next(*m_value);
            return true;
        }

        void fail(std::exception_ptr error) noexcept override
        {
            if (!m_failure)
                return;
            try {
                std::rethrow_exception(error);
            } catch (const ActorError &e) {
                settle(m_failure(e));
            } catch (const std::exception &e) {
                settle(m_failure(HandlerError(QString::fromUtf8(e.what()))));
            } catch (...) {
                settle(m_failure(HandlerError(QStringLiteral("the request failed"))));
            }
        }

        void setContinuation(std::function<void(const T &)> fn)
        {
            {
                std::lock_guard lock(m_mutex);
                Q_ASSERT_X(!m_hasContinuation, "Reply::then", "a reply has one continuation");
                m_hasContinuation = true;
                if (!m_value) {
                    m_continuation = std::move(fn);
                    return;
                }
            }
            fn(*m_value);
        }

        void setFailure(Failure failure) { m_failure = std::move(failure); }

        bool isFinished() const
        {
            std::lock_guard lock(m_mutex);
            return m_value.has_value();
        }

        const T &wait() const
        {
            std::unique_lock lock(m_mutex);
            m_settled.wait(lock, [this] { return m_value.has_value(); });
            return *m_value;
        }

    private:
        mutable std::mutex m_mutex;
        mutable std::condition_variable m_settled;
        std::optional<T> m_value;
        std::function<void(const T &)> m_continuation;
        bool m_hasContinuation = false;
        Failure m_failure;
    };

    std::shared_ptr<State> m_state;
};

} // namespace airdisplay
