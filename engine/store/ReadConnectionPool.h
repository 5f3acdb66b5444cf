#pragma once

#include "ReadConnection.h"

#include <QMutex>

#include <memory>
#include <mutex>
#include <vector>

namespace airdisplay {

// Gives every thread that reads from a Store a connection of its own (a QSqlDatabase belongs to
// the thread that opened it). A thread's connection is found through a thread_local table, so a
// read takes no shared lock; it is closed when the thread exits, or when the pool closes with its
// Store, whichever happens first. Any thread can read: QThreads, the actor workers and plain
// std::threads alike.
class ReadConnectionPool : public std::enable_shared_from_this<ReadConnectionPool>
{
public:
    // The calling thread's connection, locked for the duration of one read.
    struct Lease
    {
        std::shared_ptr<ReadConnection> connection;
        std::unique_lock<QMutex> lock;
    };

    ReadConnectionPool(StoreUrl url, StoreOptions options);
    ~ReadConnectionPool();

    StoreResult<Lease> acquire();
    // Closes the calling thread's connection now instead of at thread exit.
    void releaseCurrentThread();
    // Closes every thread's connection; waits for reads in progress. Later acquires fail.
    void closeAll();
    int connectionCount() const;

    // Called from a thread's thread_local table when the thread exits.
    void forget(const ReadConnection *connection);

private:
    const quint64 m_id;
    const StoreUrl m_url;
    const StoreOptions m_options;
    mutable QMutex m_mutex;
    bool m_closed = false;
    std::vector<std::shared_ptr<ReadConnection>> m_connections;
};

} // namespace airdisplay
