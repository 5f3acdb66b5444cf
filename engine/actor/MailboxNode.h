#pragma once

#include <atomic>

namespace airdisplay {

// The link every queued item carries, so that the mailbox never allocates a node of its own.
struct MailboxNode
{
    std::atomic<MailboxNode *> next{nullptr};
};

} // namespace airdisplay
