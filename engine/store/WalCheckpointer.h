#pragma once

#include "ServiceThread.h"
#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"

#include <QSqlDatabase>

#include <atomic>

namespace airdisplay {

// Copies the SQLite write-ahead log back into the database file on a connection and thread of its
// own, a little at a time, so the writer never does it.
//
// Left to SQLite, the writer checkpoints inside the commit that crosses wal_autocheckpoint (128 MB):
// bench_gateway's 5,000 submissions/s grew the log by ~40 MB/s, so every few seconds one commit
// copied the database's hot pages back and synced the file while every caller queued behind it
// waited (19 ms in a traced run). A PASSIVE checkpoint runs beside the writer without blocking it;
// when it has caught up before the writer's next transaction, that transaction starts the log over
// from its beginning, so the log also stays smaller and is rewritten in place rather than grown.
// The writer keeps SQLite's own checkpoint as a backstop for a log this one cannot catch up on (a
// reader holding an old snapshot, or no pause between the writer's transactions); most of the log
// is copied back by then, so it is short.
class WalCheckpointer
{
public:
    WalCheckpointer(StoreUrl url, StoreOptions options);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Opens the connection on the thread; the database must exist in WAL mode (the writer's).
    StoreStatus start();
    void stop();

    // The writer committed: there is log to copy back. Cheap enough for every commit.
    void committed() { m_dirty.store(true, std::memory_order_release); }
    quint64 checkpoints() const { return m_checkpoints.load(std::memory_order_relaxed); }

private:
    void run();
    void checkpoint();

    const StoreUrl m_url;
    const StoreOptions m_options;
    const QString m_connectionName;
    ServiceThread m_thread{QStringLiteral("airdisplay-store-checkpointer")};
    std::atomic<bool> m_dirty{false};
    std::atomic<quint64> m_checkpoints{0};

    // Under m_thread.mutex().
    bool m_started = false;
    StoreStatus m_startStatus;

    // Used on the checkpointer thread only.
    QSqlDatabase m_db;
};

} // namespace airdisplay
