#include "ReminderScheduler.h"

#include "Store.h"
#include "StoreLogging.h"

#include <QDateTime>
#include <QThread>

namespace airdisplay {

namespace {

// How many pages the window may hold before the latest entries are dropped (to be read again).
constexpr int kPagesInMemory = 4;
// The longest sleep: a stepped wall clock is noticed within this time.
constexpr qint64 kMaxSleepMs = 1000;
constexpr qint64 kRetryAfterErrorMs = 1000;

// Compares UTF-16 strings in code point order, the order of UTF-8 bytes that the database sorts
// by. Plain UTF-16 order differs only where surrogates meet U+E000..U+FFFF.
int compareCodePoints(QStringView a, QStringView b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = a[i].unicode();
        char16_t y = b[i].unicode();
        if (x == y)
            continue;
        if (x >= 0xD800 && y >= 0xD800) {
            x = (x >= 0xE000) ? char16_t(x - 0x800) : char16_t(x + 0x2000);
            y = (y >= 0xE000) ? char16_t(y - 0x800) : char16_t(y + 0x2000);
        }
        return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int compareKeys(const QString &typeA, const QString &idA, const QString &nameA, const QString &typeB,
                const QString &idB, const QString &nameB)
{
    if (int c = compareCodePoints(typeA, typeB))
        return c;
    if (int c = compareCodePoints(idA, idB))
        return c;
    return compareCodePoints(nameA, nameB);
}

} // namespace

bool ReminderScheduler::DueOrder::operator()(const DueKey &a, const DueKey &b) const
{
    if (a.dueMs != b.dueMs)
        return a.dueMs < b.dueMs;
    return compareKeys(a.key.actorType, a.key.actorId, a.key.name, b.key.actorType, b.key.actorId, b.key.name) < 0;
}

ReminderScheduler::ReminderScheduler(Store &store, FireCallback onFire, Options options)
    : m_store(store), m_onFire(std::move(onFire)), m_options(std::move(options))
{
}

ReminderScheduler::ReminderScheduler(Store &store, FireCallback onFire)
    : ReminderScheduler(store, std::move(onFire), Options())
{
}

ReminderScheduler::~ReminderScheduler()
{
    stop();
}

StoreStatus ReminderScheduler::start()
{
    if (m_thread.isRunning())
        return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("the reminder scheduler is already running"));
    if (!m_store.isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("the reminder scheduler needs an open store"));
    if (m_options.windowMs <= 0 || m_options.pageSize <= 0)
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("the reminder window and page size must be positive"));
    m_inbox.clear();
    m_due.clear();
    m_dueOf.clear();
    m_loadedUpTo = ReminderCursor();
    m_morePages = true;
    m_lastFired.reset();

    // Registered before the first page is read: a change committed meanwhile is either in that
    // page's snapshot or in the inbox (applying it twice is harmless).
    m_store.setReminderObserver([this](const QList<ReminderChange> &changes) {
        std::unique_lock locker(m_thread.mutex());
        m_inbox.append(changes);
        m_thread.wake();
    });
    m_thread.start([this] { run(); });
    return {};
}

void ReminderScheduler::stop()
{
    if (!m_thread.isRunning())
        return;
    m_store.setReminderObserver({});
    m_thread.stop();
}

void ReminderScheduler::wake()
{
    std::unique_lock locker(m_thread.mutex());
    m_wakeRequested = true;
    m_thread.wake();
}

void ReminderScheduler::run()
{
    const Clock clock = m_options.clock ? m_options.clock : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
    for (;;) {
        QList<ReminderChange> changes;
        {
            std::unique_lock locker(m_thread.mutex());
            if (m_thread.stopping())
                break;
            changes.swap(m_inbox);
            m_wakeRequested = false;
        }
        apply(changes);

        const qint64 now = clock();
        fireDue(now);
        trim(now);
        qint64 sleepMs = 0;
        if (needsPage(now)) {
            if (const StoreStatus status = loadPage(now); status.isError()) {
                qCWarning(lcStore) << "reminder scheduler:" << status.message();
                sleepMs = kRetryAfterErrorMs;
            }
        } else {
            sleepMs = std::clamp(nextWakeMs(now) - now, qint64(0), kMaxSleepMs);
        }
        m_loaded.store(int(m_due.size()), std::memory_order_relaxed);

        if (sleepMs > 0) {
            std::unique_lock locker(m_thread.mutex());
            if (!m_thread.stopping() && m_inbox.isEmpty() && !m_wakeRequested)
                m_thread.condition().wait_for(locker, std::chrono::milliseconds(sleepMs));
        }
    }
    m_store.releaseThreadConnection();
}

void ReminderScheduler::apply(const QList<ReminderChange> &changes)
{
    for (const ReminderChange &change : changes) {
        const Reminder &r = change.reminder;
        erase({r.actorType, r.actorId, r.name});
        // A reminder beyond the loaded part of the window stays in the database until its page is
        // read; one inside it must be held now, since paging will not come back for it.
        if (!change.removed && withinLoaded({r.dueMs, {r.actorType, r.actorId, r.name}}))
            insert(r);
    }
}

bool ReminderScheduler::withinLoaded(const DueKey &dueKey) const
{
    if (dueKey.dueMs != m_loadedUpTo.dueMs)
        return dueKey.dueMs < m_loadedUpTo.dueMs;
    return m_loadedUpTo.wholeMs
            || compareKeys(dueKey.key.actorType, dueKey.key.actorId, dueKey.key.name, m_loadedUpTo.actorType,
                           m_loadedUpTo.actorId, m_loadedUpTo.name)
            <= 0;
}

bool ReminderScheduler::needsPage(qint64 now) const
{
    // A backlog (full pages) is read as fast as it is fired, keeping about one page in hand;
    // otherwise the window moves on once half of it has passed.
    if (m_morePages)
        return m_due.size() < size_t(m_options.pageSize);
    return m_loadedUpTo.dueMs < now + m_options.windowMs / 2;
}

StoreStatus ReminderScheduler::loadPage(qint64 now)
{
    const qint64 horizon = now + m_options.windowMs;
    auto page = m_store.loadReminderPage(m_loadedUpTo, horizon, m_options.pageSize);
    if (!page)
        return page.error();
    for (const Reminder &reminder : page.value())
        insert(reminder);
    if (page->size() == m_options.pageSize) {
        const Reminder &last = page->constLast();
        m_loadedUpTo = {last.dueMs, last.actorType, last.actorId, last.name, false};
        m_morePages = true;
    } else {
        // Everything due before the horizon is held now.
        if (horizon - 1 > m_loadedUpTo.dueMs)
            m_loadedUpTo = {horizon - 1, {}, {}, {}, true};
        else
            m_loadedUpTo.wholeMs = true;
        m_morePages = false;
    }
    return {};
}

void ReminderScheduler::fireDue(qint64 now)
{
    while (!m_due.empty() && m_due.begin()->first.dueMs <= now) {
        auto node = m_due.extract(m_due.begin());
        m_dueOf.remove(node.key().key);
        if (!m_lastFired || DueOrder()(*m_lastFired, node.key()))
            m_lastFired = node.key();
        m_onFire(node.mapped());
        m_fired.fetch_add(1, std::memory_order_relaxed);
    }
}

void ReminderScheduler::trim(qint64 now)
{
    // Changes committed inside the loaded part of the window can pile up past the memory budget;
    // the latest ones go back to being "only in the database" by pulling the boundary in front
    // of them. Only reminders not yet due are dropped, so the boundary stays after everything
    // fired, and paging will not bring a fired reminder back.
    const size_t budget = size_t(m_options.pageSize) * kPagesInMemory;
    if (m_due.size() <= budget)
        return;
    while (m_due.size() > budget && std::prev(m_due.end())->first.dueMs > now) {
        m_dueOf.remove(std::prev(m_due.end())->first.key);
        m_due.erase(std::prev(m_due.end()));
    }
    DueKey boundary = std::prev(m_due.end())->first;
    if (m_lastFired && DueOrder()(boundary, *m_lastFired))
        boundary = *m_lastFired;
    m_loadedUpTo = {boundary.dueMs, boundary.key.actorType, boundary.key.actorId, boundary.key.name, false};
    m_morePages = true;
}

void ReminderScheduler::insert(Reminder reminder)
{
    Key key{reminder.actorType, reminder.actorId, reminder.name};
    erase(key);
    m_dueOf.insert(key, reminder.dueMs);
    const qint64 due = reminder.dueMs;
    m_due.emplace(DueKey{due, std::move(key)}, std::move(reminder));
}

void ReminderScheduler::erase(const Key &key)
{
    auto it = m_dueOf.find(key);
    if (it == m_dueOf.end())
        return;
    m_due.erase(DueKey{it.value(), key});
    m_dueOf.erase(it);
}

qint64 ReminderScheduler::nextWakeMs(qint64 now) const
{
    qint64 next = m_due.empty() ? now + kMaxSleepMs : m_due.begin()->first.dueMs;
    if (!m_morePages)
        next = std::min(next, m_loadedUpTo.dueMs - m_options.windowMs / 2 + 1);
    return next;
}

} // namespace airdisplay
