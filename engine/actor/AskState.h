#pragma once

#include "AskDeadlineQueue.h"

#include <atomic>
#include <exception>
#include <memory>

namespace airdisplay {

// What an ask, its message and its timeout share: whichever settles it first wins, the others are
// no-ops. The first to settle also takes it out of the timeout queue, so that an answered ask is
// freed as soon as its asker lets go of it.
class AskState : public std::enable_shared_from_this<AskState>
{
public:
    AskState() = default;
    virtual ~AskState();
    AskState(const AskState &) = delete;
    AskState &operator=(const AskState &) = delete;

    // The ask could not be answered: the message failed (shutdown, a throwing handler) or its
    // timeout passed. error is of the ActorError family.
    virtual void fail(std::exception_ptr error) noexcept = 0;

protected:
    // True for the one caller that settles the ask.
    bool claim() noexcept;

private:
    friend class AskDeadlineQueue;

    std::atomic<bool> m_settled{false};
    // Written by AskDeadlineQueue::arm before the ask is published; read-only afterwards.
    std::shared_ptr<AskDeadlineQueue> m_deadlines;
    // Guarded by the queue's mutex.
    AskDeadlineQueue::Entries::iterator m_slot;
    bool m_armed = false;
};

} // namespace airdisplay
