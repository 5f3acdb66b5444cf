#pragma once

#include "Reminder.h"
#include "ReminderChange.h"
#include "ReminderCursor.h"
#include "ServiceThread.h"
#include "StoreResult.h"

#include <QHash>
#include <QList>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace airdisplay {

class Store;

// Fires durable reminders when they fall due, on a thread of its own.
//
// Only a moving window of reminders is held in memory: those due before now + windowMs, loaded a
// page at a time in due order (keyset paging on an index), and never more than a few pages, so a
// million pending reminders cost a few thousand in memory. Reminders that committed batches write
// or delete reach the scheduler through the store's reminder observer, so the window stays exact
// without re-reading it.
//
// Firing does not delete a reminder: the owner deletes or reschedules it in a later write batch.
// Until then it is not fired again by this scheduler, but after a restart it is (a crash between
// firing and handling must not lose it): an overdue reminder fires once, at once. Owners therefore
// treat a reminder as possibly stale and check it against their state.
class ReminderScheduler
{
public:
    using FireCallback = std::function<void(const Reminder &)>;
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    struct Options
    {
        qint64 windowMs = 60'000;
        int pageSize = 4096;
        // Tests inject a clock and call wake() after moving it; the default is the system clock.
        Clock clock;
    };

    // onFire is called on the scheduler's thread, one reminder at a time; keep it short.
    ReminderScheduler(Store &store, FireCallback onFire, Options options);
    ReminderScheduler(Store &store, FireCallback onFire);
    ~ReminderScheduler();
    ReminderScheduler(const ReminderScheduler &) = delete;
    ReminderScheduler &operator=(const ReminderScheduler &) = delete;

    // The store must be open; stop the scheduler before closing the store.
    StoreStatus start();
    void stop();
    // Look at the clock again now (an injected clock moved).
    void wake();

    quint64 firedCount() const { return m_fired.load(std::memory_order_relaxed); }
    // Reminders held in memory right now: what the moving window costs.
    int loadedCount() const { return m_loaded.load(std::memory_order_relaxed); }

private:
    struct Key
    {
        QString actorType;
        QString actorId;
        QString name;
        bool operator==(const Key &other) const = default;
    };
    struct DueKey
    {
        qint64 dueMs;
        Key key;
    };
    // The database's order: due time, then the key fields by code point (SQLite BINARY, and
    // COLLATE "C" on PostgreSQL).
    struct DueOrder
    {
        bool operator()(const DueKey &a, const DueKey &b) const;
    };
    friend size_t qHash(const Key &key, size_t seed) { return qHashMulti(seed, key.actorType, key.actorId, key.name); }

    void run();
    void apply(const QList<ReminderChange> &changes);
    bool withinLoaded(const DueKey &dueKey) const;
    bool needsPage(qint64 now) const;
    StoreStatus loadPage(qint64 now);
    void fireDue(qint64 now);
    void trim(qint64 now);
    void insert(Reminder reminder);
    void erase(const Key &key);
    qint64 nextWakeMs(qint64 now) const;

    Store &m_store;
    const FireCallback m_onFire;
    const Options m_options;
    ServiceThread m_thread{QStringLiteral("airdisplay-reminders")};

    // Shared with the store's writer thread and with callers, under m_thread.mutex().
    QList<ReminderChange> m_inbox;
    bool m_wakeRequested = false;

    // The scheduler thread's own state. Everything at or before m_loadedUpTo (in DueOrder) is either
    // in m_due or already fired; everything after it is still only in the database.
    std::map<DueKey, Reminder, DueOrder> m_due;
    QHash<Key, qint64> m_dueOf;
    ReminderCursor m_loadedUpTo;
    bool m_morePages = true; // the last page was full: more may be due before the horizon
    std::optional<DueKey> m_lastFired;

    std::atomic<quint64> m_fired{0};
    std::atomic<int> m_loaded{0};
};

} // namespace airdisplay
