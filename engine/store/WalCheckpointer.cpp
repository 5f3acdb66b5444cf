#include "WalCheckpointer.h"

#include "ConnectionFactory.h"
#include "StoreLogging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <chrono>

namespace airdisplay {

WalCheckpointer::WalCheckpointer(StoreUrl url, StoreOptions options)
    : m_url(std::move(url)),
      m_options(options),
      m_connectionName(ConnectionFactory::uniqueName(QStringLiteral("checkpointer")))
{
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

StoreStatus WalCheckpointer::start()
{
    if (m_thread.isRunning())
        return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("the checkpointer is already running"));
    {
        std::unique_lock locker(m_thread.mutex());
        m_started = false;
    }
    m_thread.start([this] { run(); });
    std::unique_lock locker(m_thread.mutex());
    m_thread.condition().wait(locker, [this] { return m_started; });
    const StoreStatus status = m_startStatus;
    locker.unlock();
    if (status.isError())
        m_thread.stop();
    return status;
}

void WalCheckpointer::stop()
{
    m_thread.stop();
}

void WalCheckpointer::run()
{
    StoreStatus status;
    {
        // No copy of the connection may outlive removeDatabase() below.
        auto db = ConnectionFactory::open(m_url, m_options, m_connectionName, ConnectionFactory::Role::Checkpointer);
        if (db)
            m_db = *db;
        else
            status = db.error();
    }
    {
        std::unique_lock locker(m_thread.mutex());
        m_startStatus = status;
        m_started = true;
        m_thread.wake();
    }
    if (status.isError())
        return;
    const auto interval = std::chrono::milliseconds(std::max(1, m_options.checkpointIntervalMs));
    for (;;) {
        {
            std::unique_lock locker(m_thread.mutex());
            m_thread.condition().wait_for(locker, interval, [this] { return m_thread.stopping(); });
            if (m_thread.stopping())
                break;
        }
        if (m_dirty.exchange(false, std::memory_order_acq_rel))
            checkpoint();
    }
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void WalCheckpointer::checkpoint()
{
    // PASSIVE: copies what no reader still needs and never waits for the writer or the readers.
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
        qCWarning(lcStore) << "background checkpoint of" << m_url.toDisplayString()
                           << "failed:" << query.lastError().text();
        return;
    }
    m_checkpoints.fetch_add(1, std::memory_order_relaxed);
    if (query.next() && query.value(0).toInt() != 0)
        qCDebug(lcStore) << "background checkpoint was blocked; log frames" << query.value(1).toInt()
                         << "copied" << query.value(2).toInt();
    query.finish();
}

} // namespace airdisplay
