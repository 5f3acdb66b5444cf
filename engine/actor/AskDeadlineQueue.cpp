#include "AskDeadlineQueue.h"

#include "AskState.h"

namespace airdisplay {

void AskDeadlineQueue::arm(const std::shared_ptr<AskDeadlineQueue> &self, AskState &state, Clock::time_point deadline)
{
    state.m_deadlines = self;
    std::lock_guard lock(m_mutex);
    if (m_stopping)
        return;
    const bool earliest = m_entries.empty() || deadline < m_entries.begin()->first;
    state.m_slot = m_entries.emplace(deadline, &state);
    state.m_armed = true;
    if (earliest)
        m_changed.notify_one();
}

void AskDeadlineQueue::disarm(AskState &state)
{
    std::lock_guard lock(m_mutex);
    if (!state.m_armed)
        return;
    m_entries.erase(state.m_slot);
    state.m_armed = false;
}

std::shared_ptr<AskState> AskDeadlineQueue::takeExpired()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        if (m_entries.empty()) {
            m_changed.wait(lock);
            continue;
        }
        // A copy: wait_until keeps reading its deadline while the lock is released, and the entry
        // may be erased meanwhile.
        const Clock::time_point deadline = m_entries.begin()->first;
        if (deadline > Clock::now()) {
            m_changed.wait_until(lock, deadline);
            continue;
        }
        AskState *state = m_entries.begin()->second;
        m_entries.erase(m_entries.begin());
        state->m_armed = false;
        // Null when its last owner is destroying it right now (its destructor waits for our lock
        // and then finds it disarmed): nobody is left to tell.
        if (std::shared_ptr<AskState> alive = state->weak_from_this().lock())
            return alive;
    }
    return nullptr;
}

void AskDeadlineQueue::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    for (auto &[deadline, state] : m_entries)
        state->m_armed = false;
    m_entries.clear();
    m_changed.notify_all();
}

size_t AskDeadlineQueue::size() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace airdisplay
