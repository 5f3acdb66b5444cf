#include "ReadConnection.h"

#include "ConnectionFactory.h"

#include <QSqlError>

namespace airdisplay {

ReadConnection::ReadConnection(StoreUrl url, StoreOptions options)
    : m_url(std::move(url)), m_options(options), m_name(ConnectionFactory::uniqueName(QStringLiteral("reader")))
{
}

ReadConnection::~ReadConnection()
{
    close();
}

StoreStatus ReadConnection::open()
{
    QMutexLocker locker(&m_mutex);
    auto db = ConnectionFactory::open(m_url, m_options, m_name, ConnectionFactory::Role::Reader);
    if (!db)
        return db.error();
    m_db = *db;
    m_open = true;
    return {};
}

void ReadConnection::close()
{
    QMutexLocker locker(&m_mutex);
    if (!m_open)
        return;
    m_open = false;
    // Statements first: removeDatabase() warns about, and breaks, queries still holding the connection.
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

StoreResult<QSqlQuery *> ReadConnection::statement(const QString &sql)
{
    if (!m_open)
        return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return sqlError(QStringLiteral("preparing \"%1\"").arg(sql), query.lastError());
        it = m_statements.emplace(sql, std::move(query)).first;
    }
    return &it->second;
}

} // namespace airdisplay
