#pragma once

#include "MailboxNode.h"

#include <QtGlobal>

#include <atomic>
#include <cstddef>

namespace airdisplay {

// Intrusive multi-producer single-consumer queue (Dmitry Vyukov's design).
//
// push() is wait-free: one atomic exchange and one store, from any thread. pop() is for the one
// consumer thread. A push that has exchanged the head but not yet linked its node makes pop() see
// nothing for an instant although isEmpty() is false; the consumer then tries again later instead of
// sleeping, so no message is ever stranded.
class Mailbox
{
public:
    Mailbox();
    Mailbox(const Mailbox &) = delete;
    Mailbox &operator=(const Mailbox &) = delete;

    // Any thread.
    void push(MailboxNode *node) noexcept;

    // Consumer only. nullptr when nothing is ready.
    MailboxNode *pop() noexcept;

    // Consumer only: false while anything is queued or being pushed.
    bool isEmpty() const noexcept;

    // Any thread: pushed minus popped, approximate while producers run.
    quint64 depth() const noexcept;

private:
    alignas(64) std::atomic<MailboxNode *> m_head;
    std::atomic<quint64> m_pushed{0};
    alignas(64) MailboxNode *m_tail;
    std::atomic<quint64> m_popped{0};
    MailboxNode m_stub;
};

} // namespace airdisplay
