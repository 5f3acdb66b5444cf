#pragma once

#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <unordered_map>

namespace airdisplay {

// One thread's read connection to the store, with its statements prepared once and reused. It is
// opened by the thread that reads and closed either by that thread when it exits or by the Store
// when it closes, whichever comes first; the mutex keeps a close from cutting a read in half.
class ReadConnection
{
public:
    ReadConnection(StoreUrl url, StoreOptions options);
    ~ReadConnection();

    StoreStatus open();
    void close();
    bool isOpen() const { return m_open; }

    // The prepared statement for sql (prepared on first use). Only while mutex() is held.
    StoreResult<QSqlQuery *> statement(const QString &sql);
    QMutex &mutex() { return m_mutex; }

private:
    const StoreUrl m_url;
    const StoreOptions m_options;
    const QString m_name;
    QMutex m_mutex;
    bool m_open = false;
    QSqlDatabase m_db;
    std::unordered_map<QString, QSqlQuery> m_statements;
};

} // namespace airdisplay
