#pragma once

#include "ActorState.h"
#include "BannerRecord.h"
#include "EventRecord.h"
#include "GroupCommitter.h"
#include "MessageRecord.h"
#include "Migrations.h"
#include "StoreReader.h"
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

// The engine's persistence: actor state, the event log, durable reminders, the fleet registry,
// telemetry and message history, on SQLite or PostgreSQL.
//
// Writes are asynchronous: submit() queues a batch for the writer thread, which commits many
// batches in one transaction; each callback is then called with the outcome, in commit order, on
// the store's completion thread (the writer meanwhile commits the next group).
// Reads are StoreReader's: synchronous, from any thread, a connection per thread.
//
// open() and close() must not race with reads or writes on other threads; callers stop using the
// store before closing it (reads after close fail with Code::Closed).
class Store : public StoreReader
{
public:
    explicit Store(StoreOptions options = {});
    ~Store() override;
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating if needed) and migrates the database. location: a path or a postgresql:// URL.
    StoreStatus open(const QString &location);
    StoreStatus open(const StoreUrl &url, const QList<Migrations::Migration> &migrations = Migrations::all());
    // Commits and answers everything submitted so far, then closes every connection.
    void close() override;

    // --- writes ---------------------------------------------------------------------------------
    // done is called exactly once: after the batch committed, or with the reason it did not.
    void submit(WriteBatch batch, WriteCallback done);
    // Submits and waits for the outcome. Not from a write callback or the reminder observer (it
    // would wait for itself).
    WriteResult write(WriteBatch batch);
    // Periodic telemetry flush: all rows in one batch, upserted with multi-row statements.
    void writeTelemetry(const QList<TelemetryRecord> &rows, WriteCallback done);

    // --- observation ----------------------------------------------------------------------------
    StoreCounters counters() const;
    // Called on the writer thread after every commit that changed reminders (ReminderScheduler).
    void setReminderObserver(ReminderObserver observer);

private:
    std::unique_ptr<GroupCommitter> m_committer;
};

} // namespace airdisplay
