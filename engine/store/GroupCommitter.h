#pragma once

#include "BatchWriter.h"
#include "ServiceThread.h"
#include "Migrations.h"
#include "ReminderChange.h"
#include "StoreCounters.h"
#include "StoreOptions.h"
#include "StoreUrl.h"
#include "WalCheckpointer.h"
#include "WriteBatch.h"
#include "WriteCompleter.h"
#include "WriteResult.h"
#include "WriterLock.h"

#include <QList>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace airdisplay {

using ReminderObserver = std::function<void(const QList<ReminderChange> &)>;

// The store's writer thread. It owns the one write connection; callers queue batches from any
// thread, and whatever queued up while the previous transaction was syncing to disk goes into the
// next one together (group commit). Each caller is answered after its batch committed, on the
// completer's thread (WriteCompleter), while the writer already runs the next group; on SQLite the
// log is copied back into the database by a WalCheckpointer, not by the writer.
//
// A group first runs without savepoints. If a batch fails after it changed something, the group
// is rolled back and run again with a SAVEPOINT per batch, so the failing batch is undone alone and
// the others commit. A version conflict found at a batch's first state write (the common case)
// has changed nothing, so it needs no re-run at all.
class GroupCommitter
{
public:
    GroupCommitter(StoreUrl url, StoreOptions options);
    ~GroupCommitter();

    // Starts the thread, opens the connection and migrates the schema; returns once that is done.
    StoreStatus start(const QList<Migrations::Migration> &migrations);
    // Commits everything queued so far, answers its callers, closes the connection, joins the thread.
    void stop();

    // False (and the callback is not called) when the committer is not running.
    bool submit(WriteBatch batch, WriteCallback done);
    // The writer's thread or the thread that answers its callers: neither may wait for a write.
    bool isWriterThread() const;

    StoreCounters counters() const;
    // Called on the writer thread after each commit with the reminders the committed batches changed,
    // before their callers are answered.
    void setReminderObserver(ReminderObserver observer);

private:
    struct Pending
    {
        WriteBatch batch;
        WriteCallback done;
    };

    void run(const QList<Migrations::Migration> &migrations);
    StoreStatus openConnection();
    void closeConnection();
    StoreStatus begin();
    void commitGroup(std::deque<Pending> &group);
    enum class CommitOutcome { Committed, Aborted, Unknown };
    // PostgreSQL only.
    std::optional<qint64> currentTransactionId();
    CommitOutcome resolveCommit(qint64 transactionId);

    const StoreUrl m_url;
    const StoreOptions m_options;
    const QString m_connectionName;
    // While run() runs, callers on it must not wait for it. Its mutex() guards what follows.
    ServiceThread m_thread{QStringLiteral("airdisplay-store-writer")};

    // ServiceThread's standard primitives rather than QMutex/QWaitCondition: ThreadSanitizer sees
    // through them, while the unlock inside QWaitCondition::wait happens in uninstrumented Qt code.
    // Qt adopts the thread, so the QSqlDatabase it opens belongs to it as usual.
    std::deque<Pending> m_queue;
    bool m_accepting = false;
    bool m_started = false;
    StoreStatus m_startStatus;
    StoreCounters m_counters;

    std::mutex m_observerMutex;
    ReminderObserver m_reminderObserver;

    // Used on the writer thread only.
    QSqlDatabase m_db;
    std::unique_ptr<BatchWriter> m_writer;
    WriterLock m_lock; // on the writer's thread, with its connection

    WriteCompleter m_completer;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite with a checkpoint interval only
};

} // namespace airdisplay
