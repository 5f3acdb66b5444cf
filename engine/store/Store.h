#pragma once

#include "ActorState.h"
#include "BannerRecord.h"
#include "EventRecord.h"
#include "GroupCommitter.h"
#include "MessageRecord.h"
#include "Migrations.h"
#include "Reminder.h"
#include "ReminderCursor.h"
#include "RequestRecord.h"
#include "StoreCounters.h"
#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"
#include "TelemetryRecord.h"
#include "WriteBatch.h"
#include "WriteResult.h"

#include <QList>

#include <memory>
#include <optional>

namespace airdisplay {

class ReadConnectionPool;

// The engine's persistence: actor state, the event log, durable reminders, the fleet registry,
// telemetry and message history, on SQLite or PostgreSQL.
//
// Writes are asynchronous: submit() queues a batch for the writer thread, which commits many
// batches in one transaction; each callback is then called with the outcome, in commit order, on
// the store's completion thread (the writer meanwhile commits the next group).
// Reads are synchronous and may be called from any thread: each thread gets its own connection,
// opened on its first read and closed when the thread exits or the store closes. Threads that are
// pooled for a long time can give theirs back early with releaseThreadConnection().
//
// open() and close() must not race with reads or writes on other threads; callers stop using the
// store before closing it (reads after close fail with Code::Closed).
class Store
{
public:
    explicit Store(StoreOptions options = {});
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating if needed) and migrates the database. location: a path or a postgresql:// URL.
    StoreStatus open(const QString &location);
    StoreStatus open(const StoreUrl &url, const QList<Migrations::Migration> &migrations = Migrations::all());
    // Commits and answers everything submitted so far, then closes every connection.
    void close();
    bool isOpen() const;
    StoreUrl url() const { return m_url; }

    // --- writes ---------------------------------------------------------------------------------
    // done is called exactly once: after the batch committed, or with the reason it did not.
    void submit(WriteBatch batch, WriteCallback done);
    // Submits and waits for the outcome. Not from a write callback or the reminder observer (it
    // would wait for itself).
    WriteResult write(WriteBatch batch);
    // Periodic telemetry flush: all rows in one batch, upserted with multi-row statements.
    void writeTelemetry(const QList<TelemetryRecord> &rows, WriteCallback done);

    // --- reads ----------------------------------------------------------------------------------
    // An actor that was never written loads as version 0 with an empty payload.
    StoreResult<ActorState> loadState(const QString &actorType, const QString &actorId) const;

    // Events with a global sequence above afterSeq, ascending, at most limit; only those of the
    // given banners when bannerIds is not empty.
    StoreResult<QList<EventRecord>> eventsSince(qint64 afterSeq, int limit, const QList<qint64> &bannerIds = {}) const;
    StoreResult<qint64> lastEventSeq() const;             // 0 when the log is empty
    StoreResult<qint64> lastBannerSeq(qint64 bannerId) const; // 0 when the banner has no events

    // Reminders after cursor and due before beforeMs, in due order, at most limit.
    StoreResult<QList<Reminder>> loadReminderPage(const ReminderCursor &after, qint64 beforeMs, int limit) const;
    StoreResult<QList<Reminder>> loadReminders(const QString &actorType, const QString &actorId) const;
    StoreResult<qint64> reminderCount() const;

    StoreResult<std::optional<BannerRecord>> loadBanner(qint64 bannerId) const;
    StoreResult<std::optional<BannerRecord>> findBannerByCallsign(const QString &callsign) const;
    // Banners with an id above afterId, ascending, at most limit: page through the fleet.
    StoreResult<QList<BannerRecord>> loadBanners(qint64 afterId, int limit) const;
    StoreResult<qint64> bannerCount() const;

    StoreResult<std::optional<TelemetryRecord>> loadTelemetry(qint64 bannerId) const;
    StoreResult<QList<TelemetryRecord>> loadTelemetryPage(qint64 afterBannerId, int limit) const;

    StoreResult<std::optional<MessageRecord>> loadMessage(qint64 messageId) const;
    // The message a banner got from author with requestId, if any (idempotent retries use
    // loadRequests; this reads the history and is not indexed for it).
    StoreResult<std::optional<MessageRecord>> findMessageByRequest(qint64 bannerId, const QString &author,
                                                                   const QString &requestId) const;
    // The banner's most recent messages, newest submission first.
    StoreResult<QList<MessageRecord>> messageHistory(qint64 bannerId, int limit) const;

    // The request ids the banner accepted at or after sinceMs, in acceptance order.
    StoreResult<QList<RequestRecord>> loadRequests(qint64 bannerId, qint64 sinceMs) const;
    StoreResult<qint64> requestCount() const;

    // Closes the calling thread's read connection now rather than at thread exit.
    void releaseThreadConnection() const;
    int readConnectionCount() const;

    // --- observation ----------------------------------------------------------------------------
    StoreCounters counters() const;
    // Called on the writer thread after every commit that changed reminders (ReminderScheduler).
    void setReminderObserver(ReminderObserver observer);

private:
    const StoreOptions m_options;
    StoreUrl m_url;
    bool m_open = false;
    std::unique_ptr<GroupCommitter> m_committer;
    std::shared_ptr<ReadConnectionPool> m_readers;
};

} // namespace airdisplay
