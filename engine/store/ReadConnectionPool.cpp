#include "ReadConnectionPool.h"

#include <algorithm>
#include <atomic>

namespace airdisplay {

namespace {

std::atomic<quint64> g_nextPoolId{1};

// This thread's connections, one per pool it has read from. Pool ids are never reused, so an entry
// of a closed store can never be mistaken for one of a new store.
struct ThreadConnections
{
    struct Entry
    {
        quint64 poolId;
        std::weak_ptr<ReadConnectionPool> pool;
        std::shared_ptr<ReadConnection> connection;
    };
    std::vector<Entry> entries;

    ~ThreadConnections()
    {
        for (Entry &entry : entries) {
            if (auto pool = entry.pool.lock())
                pool->forget(entry.connection.get());
            entry.connection->close();
        }
    }
};

thread_local ThreadConnections t_connections;

} // namespace

ReadConnectionPool::ReadConnectionPool(StoreUrl url, StoreOptions options)
    : m_id(g_nextPoolId++), m_url(std::move(url)), m_options(options)
{
}

ReadConnectionPool::~ReadConnectionPool()
{
    closeAll();
}

StoreResult<ReadConnectionPool::Lease> ReadConnectionPool::acquire()
{
    auto &entries = t_connections.entries;
    for (const auto &entry : entries) {
        if (entry.poolId != m_id)
            continue;
        std::unique_lock<QMutex> lock(entry.connection->mutex());
        if (!entry.connection->isOpen())
            return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
        return Lease{entry.connection, std::move(lock)};
    }

    {
        QMutexLocker locker(&m_mutex);
        if (m_closed)
            return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
    }
    auto connection = std::make_shared<ReadConnection>(m_url, m_options);
    if (StoreStatus status = connection->open(); status.isError())
        return status;
    {
        QMutexLocker locker(&m_mutex);
        if (m_closed) {
            connection->close();
            return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
        }
        m_connections.push_back(connection);
    }
    // Entries of stores that are gone are dropped here, so a long-lived thread does not collect them.
    std::erase_if(entries, [](const ThreadConnections::Entry &entry) { return entry.pool.expired(); });
    entries.push_back({m_id, weak_from_this(), connection});
    return Lease{connection, std::unique_lock<QMutex>(connection->mutex())};
}

void ReadConnectionPool::releaseCurrentThread()
{
    auto &entries = t_connections.entries;
    auto it = std::find_if(entries.begin(), entries.end(), [this](const auto &entry) { return entry.poolId == m_id; });
    if (it == entries.end())
        return;
    std::shared_ptr<ReadConnection> connection = it->connection;
    entries.erase(it);
    forget(connection.get());
    connection->close();
}

void ReadConnectionPool::closeAll()
{
    std::vector<std::shared_ptr<ReadConnection>> connections;
    {
        QMutexLocker locker(&m_mutex);
        m_closed = true;
        connections.swap(m_connections);
    }
    for (const auto &connection : connections)
        connection->close();
}

int ReadConnectionPool::connectionCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_connections.size());
}

void ReadConnectionPool::forget(const ReadConnection *connection)
{
    QMutexLocker locker(&m_mutex);
    std::erase_if(m_connections, [connection](const auto &c) { return c.get() == connection; });
}

} // namespace airdisplay
