#pragma once

#include "AskState.h"


#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace airdisplay {

// Fails asks that were not answered in time. It runs on its own thread so that a timeout fires
// even while the target actor's worker is busy in a long turn, and needs no event loop on the
// asker's side. A std::thread: it needs no event loop.
class AskTimeoutService final
{
public:
    AskTimeoutService();
    ~AskTimeoutService();
    AskTimeoutService(const AskTimeoutService &) = delete;
    AskTimeoutService &operator=(const AskTimeoutService &) = delete;

    void start();
    void add(std::chrono::steady_clock::time_point deadline, std::shared_ptr<AskStateBase> state);
    void stop();

private:
    void run();

    struct Entry
    {
        std::chrono::steady_clock::time_point deadline;
        std::shared_ptr<AskStateBase> state;
        bool operator>(const Entry &o) const { return deadline > o.deadline; }
    };

    // Standard primitives rather than QMutex/QWaitCondition: ThreadSanitizer sees through them.
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_entries;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace airdisplay
