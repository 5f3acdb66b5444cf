#include "AskTimeoutService.h"

#include "ActorErrors.h"
#include "AskState.h"

namespace airdisplay {

AskTimeoutService::AskTimeoutService() : m_queue(std::make_shared<AskDeadlineQueue>()) {}

void AskTimeoutService::start()
{
    m_thread.start([this] { run(); });
}

AskTimeoutService::~AskTimeoutService()
{
    stop();
}

void AskTimeoutService::add(std::chrono::steady_clock::time_point deadline, AskState &state)
{
    m_queue->arm(m_queue, state, deadline);
}

void AskTimeoutService::stop()
{
    // The loop waits in the queue, not on the thread's condition: the queue's stop() wakes it.
    m_queue->stop();
    m_thread.stop();
}

void AskTimeoutService::run()
{
    // Failing runs the asker's continuation: takeExpired() has released its lock by then.
    while (std::shared_ptr<AskState> state = m_queue->takeExpired())
        state->fail(std::make_exception_ptr(
            AskTimeoutError(QStringLiteral("the actor did not answer within the ask's timeout"))));
}

} // namespace airdisplay
