#pragma once

#include <QHash>
#include <QtGlobal>

#include <functional>
#include <vector>

namespace airdisplay {

using TimerId = quint64;

// Many timers behind one clock: a binary heap of due times plus a table of live timers. A worker
// owns one and drives it from a single QTimer set to the earliest due time, so a million actors
// with timers cost a million heap entries, not a million QTimers. Cancelling removes the timer from
// the table; its heap entry is dropped when it surfaces. Single-threaded: only its owner touches it.
class TimerQueue
{
public:
    using Callback = std::function<void()>;

    // due and period in milliseconds on the owner's monotonic clock; period 0 = once.
    TimerId add(qint64 dueMs, qint64 periodMs, Callback callback);
    bool cancel(TimerId id);
    bool contains(TimerId id) const { return m_live.contains(id); }

    // Earliest due time of a live timer, or -1 when there is none.
    qint64 nextDue();

    // Runs every timer due at nowMs (periodic ones are re-armed). Returns how many ran.
    int runDue(qint64 nowMs);

    qsizetype size() const { return m_live.size(); }

private:
    struct HeapEntry
    {
        qint64 due;
        TimerId id;
        bool operator>(const HeapEntry &o) const { return due != o.due ? due > o.due : id > o.id; }
    };
    struct Live
    {
        qint64 due;
        qint64 period;
        Callback callback;
    };

    void dropDeadTop();

    std::vector<HeapEntry> m_heap;
    QHash<TimerId, Live> m_live;
    TimerId m_nextId = 1;
};

} // namespace airdisplay
