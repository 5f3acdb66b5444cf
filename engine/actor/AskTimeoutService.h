#pragma once

#include "AskDeadlineQueue.h"
#include "ServiceThread.h"

#include <chrono>
#include <memory>
#include <thread>

namespace airdisplay {

class AskState;

// Fails asks that were not answered in time. It runs on its own thread so that a timeout fires
// even while the target actor's worker is busy in a long turn, and needs no event loop on the
// asker's side. A ServiceThread: it needs no event loop.
class AskTimeoutService final
{
public:
    AskTimeoutService();
    ~AskTimeoutService();
    AskTimeoutService(const AskTimeoutService &) = delete;
    AskTimeoutService &operator=(const AskTimeoutService &) = delete;

    void start();
    // Before the ask's message is posted.
    void add(std::chrono::steady_clock::time_point deadline, AskState &state);
    void stop();
    // Any thread: asks whose timeout is armed and which are not answered yet.
    size_t pending() const { return m_queue->size(); }

private:
    void run();

    std::shared_ptr<AskDeadlineQueue> m_queue;
    ServiceThread m_thread{QStringLiteral("airdisplay-ask-timeouts")};
};

} // namespace airdisplay
