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

template <typename R>
class AskState final : public AskStateBase
{
public:
    AskState() { m_promise.start(); }

    QFuture<R> future() { return m_promise.future(); }

    template <typename V>
    void succeed(V &&value)
    {
        if (!claim())
            return;
        m_promise.addResult(std::forward<V>(value));
        m_promise.finish();
    }

    void fail(std::exception_ptr error) noexcept override
    {
        if (!claim())
            return;
        m_promise.setException(error);
        m_promise.finish();
    }

private:
    QPromise<R> m_promise;
};

template <>
class AskState<void> final : public AskStateBase
{
public:
    AskState() { m_promise.start(); }
    QFuture<void> future() { return m_promise.future(); }

    void succeed()
    {
        if (!claim())
            return;
        m_promise.finish();
    }

    void fail(std::exception_ptr error) noexcept override
    {
        if (!claim())
            return;
        m_promise.setException(error);
        m_promise.finish();
    }

private:
    QPromise<void> m_promise;
};

} // namespace airdisplay
