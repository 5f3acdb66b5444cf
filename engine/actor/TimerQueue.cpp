#include "TimerQueue.h"

#include <algorithm>

namespace airdisplay {

TimerId TimerQueue::add(qint64 dueMs, qint64 periodMs, Callback callback)
{
    const TimerId id = m_nextId++;
    m_live.insert(id, Live{dueMs, qMax<qint64>(0, periodMs), std::move(callback)});
    m_heap.push_back({dueMs, id});
    std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
    return id;
}

bool TimerQueue::cancel(TimerId id)
{
    return m_live.remove(id);
}

void TimerQueue::dropDeadTop()
{
    // A heap entry is dead when its timer was cancelled or re-armed to another due time.
    while (!m_heap.empty()) {
        const HeapEntry &top = m_heap.front();
        auto it = m_live.constFind(top.id);
        if (it != m_live.constEnd() && it->due == top.due)
            return;
        std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
        m_heap.pop_back();
    }
}

qint64 TimerQueue::nextDue()
{
    dropDeadTop();
    return m_heap.empty() ? -1 : m_heap.front().due;
}

int TimerQueue::runDue(qint64 nowMs)
{
    int ran = 0;
    for (;;) {
        dropDeadTop();
        if (m_heap.empty() || m_heap.front().due > nowMs)
            return ran;
        const TimerId id = m_heap.front().id;
        std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
        m_heap.pop_back();

        auto it = m_live.find(id);
        Callback callback;
        if (it->period > 0) {
            // Re-arm before running, so the callback may cancel its own periodic timer.
            it->due = qMax(it->due + it->period, nowMs);
            m_heap.push_back({it->due, id});
            std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            callback = it->callback;
        } else {
            callback = std::move(it->callback);
            m_live.erase(it);
        }
        ++ran;
        callback(); // may add or cancel timers: no iterator is held across it
    }
}

} // namespace airdisplay
