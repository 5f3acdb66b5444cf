#pragma once

#include <QFuture>
#include <QPromise>

#include <atomic>
#include <exception>

namespace airdisplay {

// What an ask and its timeout share: whichever settles first wins, the other is a no-op.
class AskStateBase
{
public:
    virtual ~AskStateBase() = default;
    virtual void fail(std::exception_ptr error) noexcept = 0;

protected:
    bool claim() noexcept { return !m_settled.exchange(true, std::memory_order_acq_rel); }

private:
    std::atomic<bool> m_settled{false};
};

// The promise an ask settles, for any result type (void included).
template <typename R>
class AskPromise : public AskStateBase
{
public:
    AskPromise() { m_promise.start(); }
    QFuture<R> future() { return m_promise.future(); }

    void fail(std::exception_ptr error) noexcept override
    {
        if (!this->claim())
            return;
        m_promise.setException(error);
        m_promise.finish();
    }

protected:
    QPromise<R> m_promise;
};

template <typename R>
class AskState final : public AskPromise<R>
{
public:
    template <typename V>
    void succeed(V &&value)
    {
        if (!this->claim())
            return;
        this->m_promise.addResult(std::forward<V>(value));
        this->m_promise.finish();
    }
};

template <>
class AskState<void> final : public AskPromise<void>
{
public:
    void succeed()
    {
        if (!claim())
            return;
        m_promise.finish();
    }
};

} // namespace airdisplay
