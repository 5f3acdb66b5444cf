#include "Mailbox.h"

namespace airdisplay {

Mailbox::Mailbox() : m_head(&m_stub), m_tail(&m_stub) {}

void Mailbox::push(MailboxNode *node) noexcept
{
    node->next.store(nullptr, std::memory_order_relaxed);
    m_pushed.fetch_add(1, std::memory_order_relaxed);
    MailboxNode *prev = m_head.exchange(node, std::memory_order_acq_rel);
    prev->next.store(node, std::memory_order_release);
}

MailboxNode *Mailbox::pop() noexcept
{
    MailboxNode *tail = m_tail;
    MailboxNode *next = tail->next.load(std::memory_order_acquire);
    if (tail == &m_stub) {
        if (!next)
            return nullptr;
        m_tail = next;
        tail = next;
        next = next->next.load(std::memory_order_acquire);
    }
    if (next) {
        m_tail = next;
        m_popped.store(m_popped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return tail;
    }
    if (tail != m_head.load(std::memory_order_acquire))
        return nullptr; // a producer is between its exchange and its link
    // tail is the last node: put the stub behind it so tail can be handed out.
    push(&m_stub);
    m_pushed.fetch_sub(1, std::memory_order_relaxed); // the stub is not a message
    next = tail->next.load(std::memory_order_acquire);
    if (next) {
        m_tail = next;
        m_popped.store(m_popped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return tail;
    }
    return nullptr;
}

bool Mailbox::isEmpty() const noexcept
{
    return m_tail == &m_stub && m_head.load(std::memory_order_acquire) == &m_stub;
}

quint64 Mailbox::depth() const noexcept
{
    const quint64 popped = m_popped.load(std::memory_order_relaxed);
    const quint64 pushed = m_pushed.load(std::memory_order_relaxed);
    return pushed > popped ? pushed - popped : 0;
}

} // namespace airdisplay
