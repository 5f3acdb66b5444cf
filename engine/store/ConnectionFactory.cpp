#include "ConnectionFactory.h"

#include "StoreLogging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace airdisplay {

namespace {

StoreStatus execAll(QSqlDatabase &db, const QStringList &statements, const QString &context)
{
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql))
            return sqlError(context + QStringLiteral(" (") + sql + QLatin1Char(')'), query.lastError());
        query.finish();
    }
    return {};
}

} // namespace

StoreResult<QSqlDatabase> ConnectionFactory::open(const StoreUrl &url, const StoreOptions &options,
                                                  const QString &connectionName, Role role)
{
    if (!QSqlDatabase::isDriverAvailable(url.driverName()))
        return StoreError(StoreError::Code::Database,
                          QStringLiteral("the Qt SQL driver %1 is not installed (needed for %2)")
                                  .arg(url.driverName(), url.toDisplayString()));

    QSqlDatabase db = QSqlDatabase::addDatabase(url.driverName(), connectionName);
    QStringList setup;
    if (url.isSqlite()) {
        db.setDatabaseName(url.filePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
        // WAL lets readers run while the writer commits; FULL syncs the WAL at every commit, so an
        // acknowledged write survives a power cut, not only a crash.
        setup << QStringLiteral("PRAGMA synchronous=FULL") << QStringLiteral("PRAGMA foreign_keys=OFF")
              << QStringLiteral("PRAGMA temp_store=MEMORY")
              // Reading pages through a memory map instead of one pread() per page miss: with the
              // default settings the writer spent half its time in the kernel copying pages.
              << QStringLiteral("PRAGMA mmap_size=%1").arg(qint64(1) << 30);
        if (role == Role::Writer) {
            setup.prepend(QStringLiteral("PRAGMA journal_mode=WAL"));
            // The writer touches the indexes' hot pages in every group; keep them in its cache.
            // A larger log between checkpoints (128 MiB rather than 4): a page rewritten by many
            // groups is copied back into the database file once per checkpoint, not every few groups.
            setup << QStringLiteral("PRAGMA cache_size=-131072") << QStringLiteral("PRAGMA wal_autocheckpoint=32768");
        } else if (role == Role::Checkpointer) {
            // It reads log frames and writes database pages; it never needs a page cache.
            setup << QStringLiteral("PRAGMA cache_size=-1024");
        } else {
            setup << QStringLiteral("PRAGMA query_only=ON") << QStringLiteral("PRAGMA cache_size=-16384");
        }
    } else {
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setDatabaseName(url.database());
        db.setUserName(url.userName());
        db.setPassword(url.password());
        QString connectOptions = QStringLiteral("connect_timeout=%1").arg(options.connectTimeoutSeconds);
        if (!url.connectOptions().isEmpty())
            connectOptions += QLatin1Char(';') + url.connectOptions();
        db.setConnectOptions(connectOptions);
        // The writer creates the schema (in the migrations); every connection then works inside it.
        if (!url.schema().isEmpty()) {
            if (role == Role::Writer)
                setup << QStringLiteral("CREATE SCHEMA IF NOT EXISTS \"%1\"").arg(url.schema());
            setup << QStringLiteral("SET search_path TO \"%1\"").arg(url.schema());
        }
        setup << QStringLiteral("SET synchronous_commit TO on");
    }

    if (!db.open()) {
        const StoreError error = sqlError(
                QStringLiteral("cannot open database %1").arg(url.toDisplayString()), db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return error;
    }
    if (const StoreStatus status = execAll(db, setup, QStringLiteral("configuring %1").arg(url.toDisplayString()));
        status.isError()) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return status;
    }
    if (url.isSqlite() && role == Role::Writer) {
        QSqlQuery mode(db);
        if (mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next()
            && mode.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            qCWarning(lcStore) << "SQLite refused WAL mode for" << url.filePath() << "- using"
                               << mode.value(0).toString();
    }
    return db;
}

QString ConnectionFactory::uniqueName(const QString &purpose)
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("airdisplay.store.%1.%2").arg(++counter).arg(purpose);
}

} // namespace airdisplay
