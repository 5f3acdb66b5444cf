#include "AskTimeoutService.h"

#include "ActorErrors.h"

namespace airdisplay {

AskTimeoutService::AskTimeoutService() = default;

void AskTimeoutService::start()
{
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
}

AskTimeoutService::~AskTimeoutService()
{
    stop();
}

void AskTimeoutService::add(std::chrono::steady_clock::time_point deadline,
                            std::shared_ptr<AskStateBase> state)
{
    std::lock_guard lock(m_mutex);
    const bool earliest = m_entries.empty() || deadline < m_entries.top().deadline;
    m_entries.push({deadline, std::move(state)});
    if (earliest)
        m_changed.notify_one();
}

void AskTimeoutService::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_changed.notify_one();
    }
    if (m_thread.joinable())
        m_thread.join();
}

void AskTimeoutService::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        if (m_entries.empty()) {
            m_changed.wait(lock);
            continue;
        }
        // A copy: wait_until keeps reading its deadline while the lock is released, and an add()
        // meanwhile may move the heap's storage (AddressSanitizer caught the reference dangling).
        const auto deadline = m_entries.top().deadline;
        if (deadline > std::chrono::steady_clock::now()) {
            m_changed.wait_until(lock, deadline);
            continue;
        }
        std::shared_ptr<AskStateBase> state = m_entries.top().state;
        m_entries.pop();
        lock.unlock(); // failing runs the asker's continuations: never under our lock
        state->fail(std::make_exception_ptr(
            AskTimeoutError(QStringLiteral("the actor did not answer within the ask's timeout"))));
        lock.lock();
    }
}

} // namespace airdisplay
