#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

namespace airdisplay {

class AskState;

// The asks waiting for their timeout, earliest first. An ask leaves the queue the moment it is
// answered (AskState::claim), not when its timeout passes: at tens of thousands of answers a
// second and a 30 s timeout, keeping answered asks until then held millions of them in memory.
// Shared by the AskTimeoutService and the asks it holds, so an ask answered after the service
// stopped still finds it.
class AskDeadlineQueue final
{
public:
    using Clock = std::chrono::steady_clock;
    using Entries = std::multimap<Clock::time_point, AskState *>;

    // Any thread. Before the ask can be answered (the runtime arms before it posts the message).
    void arm(const std::shared_ptr<AskDeadlineQueue> &self, AskState &state, Clock::time_point deadline);
    // Any thread: takes the ask out of the queue if it is still in it.
    void disarm(AskState &state);
    // Blocks until an ask's deadline passes and returns it (out of the queue), or nullptr once
    // stopped.
    std::shared_ptr<AskState> takeExpired();
    // Wakes takeExpired() for good; asks still queued stay unanswered by it.
    void stop();
    // Any thread: asks waiting for their timeout.
    size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Entries m_entries;
    bool m_stopping = false;
};

} // namespace airdisplay
