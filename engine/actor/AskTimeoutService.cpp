#include "AskTimeoutService.h"

#include "ActorErrors.h"

namespace airdisplay {

AskTimeoutService::AskTimeoutService()
{
    setObjectName(QStringLiteral("ask-timeouts"));
}

AskTimeoutService::~AskTimeoutService()
{
    stop();
}

void AskTimeoutService::add(std::chrono::steady_clock::time_point deadline,
                            std::shared_ptr<AskStateBase> state)
{
    QMutexLocker lock(&m_mutex);
    const bool earliest = m_entries.empty() || deadline < m_entries.top().deadline;
    m_entries.push({deadline, std::move(state)});
    if (earliest)
        m_changed.wakeOne();
}

void AskTimeoutService::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_changed.wakeOne();
    }
    wait();
}

void AskTimeoutService::run()
{
    QMutexLocker lock(&m_mutex);
    while (!m_stopping) {
        if (m_entries.empty()) {
            m_changed.wait(&m_mutex);
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        if (m_entries.top().deadline > now) {
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_entries.top().deadline - now);
            m_changed.wait(&m_mutex, QDeadlineTimer(wait));
            continue;
        }
        std::shared_ptr<AskStateBase> state = m_entries.top().state;
        m_entries.pop();
        lock.unlock(); // failing runs the asker's continuations: never under our lock
        state->fail(std::make_exception_ptr(
            AskTimeoutError(QStringLiteral("the actor did not answer within the ask's timeout"))));
        lock.relock();
    }
}

} // namespace airdisplay
