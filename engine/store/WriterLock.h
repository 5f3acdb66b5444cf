#pragma once

#include "StoreError.h"
#include "StoreUrl.h"

#include <QSqlDatabase>
#include <QString>

namespace airdisplay {

// One engine writes a database at a time. Two engines on one database would each run the banners'
// actors, reminders and device commands: two messages on one banner, reminders fired twice. A second
// engine is refused with an error that names the holder (program, pid, host, since when), so the
// person who started it knows what to stop.
//
// SQLite: an exclusive flock() on "<database>.lock" beside the file, which holds the holder's
// description. The kernel frees it when the holder's process dies, kill -9 included; the stale text
// left in the file is overwritten by the next holder. A lock file of its own, because closing any
// descriptor of the database file would drop SQLite's own POSIX locks.
// PostgreSQL: a session advisory lock taken on the writer's connection, which the server frees when
// that connection ends, however it ends; the holder is found through pg_locks and the
// application_name its connection set.
class WriterLock
{
public:
    WriterLock() = default;
    ~WriterLock();
    WriterLock(const WriterLock &) = delete;
    WriterLock &operator=(const WriterLock &) = delete;

    // SQLite files only; in-memory databases have one connection and need none.
    StoreStatus acquireFile(const StoreUrl &url);
    // On the connection that will write; it must stay open as long as the lock is wanted.
    StoreStatus acquirePostgres(QSqlDatabase &db, const StoreUrl &url);
    void release();
    bool isHeld() const { return m_fd >= 0 || m_postgres.isOpen(); }

    // "airdisplayd, pid 1234 on host bay-3, since 2026-12-08 04:40:12 UTC": what a holder writes.
    static QString describeThisProcess();
    static QString lockFileOf(const QString &databaseFile);

    // The advisory lock's key pair (classid, objid): "ADSP", and the schema's name hashed (FNV-1a),
    // as advisory locks are per database and each schema is a fleet of its own.
    static constexpr int AdvisoryClass = 0x41445350;
    static qint32 advisoryObject(const StoreUrl &url);

private:
    int m_fd = -1;
    QSqlDatabase m_postgres;
    qint32 m_object = 0;
};

} // namespace airdisplay
