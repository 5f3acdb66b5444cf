#include "Migrations.h"

#include "StoreLogging.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace airdisplay {

namespace {

// Several processes may open one PostgreSQL database at once; this advisory lock (an arbitrary
// constant of ours) makes them take turns so that each migration runs exactly once.
constexpr qint64 kMigrationLockKey = 0x41697244697370; // "AirDisp"

StoreStatus exec(QSqlQuery &query, const QString &sql, const QString &context)
{
    if (!query.exec(sql))
        return sqlError(context, query.lastError());
    query.finish();
    return {};
}

} // namespace

QList<Migrations::Migration> Migrations::all()
{
    // actor_state is WITHOUT ROWID on SQLite: a load or a versioned update is one B-tree search
    // instead of the key index and then the table.
    // Text keys are COLLATE "C" on PostgreSQL so that both backends order them by code point, the
    // order ReminderScheduler's keyset paging relies on. SQLite's default BINARY collation already is.
    return {
        {
            1,
            QStringLiteral("actor state, event log, reminders, fleet registry, telemetry, message history"),
            {
                QStringLiteral("CREATE TABLE actor_state ("
                               " actor_type TEXT NOT NULL, actor_id TEXT NOT NULL,"
                               " version INTEGER NOT NULL, payload BLOB NOT NULL, updated_ms INTEGER NOT NULL,"
                               " PRIMARY KEY (actor_type, actor_id)) WITHOUT ROWID"),
                // AUTOINCREMENT: a sequence number is never reused, even after the newest rows are deleted.
                QStringLiteral("CREATE TABLE events ("
                               " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                               " banner_id INTEGER NOT NULL, banner_seq INTEGER NOT NULL,"
                               " type TEXT NOT NULL, payload TEXT NOT NULL, at_ms INTEGER NOT NULL,"
                               " UNIQUE (banner_id, banner_seq))"),
                // No (banner_id, seq) index as on PostgreSQL: SQLite's unique index above ends
                // with the rowid, which is seq, so it already serves a banner's events after a seq.
                QStringLiteral("CREATE TABLE reminders ("
                               " actor_type TEXT NOT NULL, actor_id TEXT NOT NULL, name TEXT NOT NULL,"
                               " due_ms INTEGER NOT NULL, period_ms INTEGER NOT NULL, payload BLOB NOT NULL,"
                               " PRIMARY KEY (actor_type, actor_id, name))"),
                QStringLiteral("CREATE INDEX reminders_due ON reminders (due_ms, actor_type, actor_id, name)"),
                QStringLiteral("CREATE TABLE banners ("
                               " id INTEGER PRIMARY KEY, callsign TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL)"),
                QStringLiteral("CREATE TABLE telemetry ("
                               " banner_id INTEGER PRIMARY KEY, latitude REAL NOT NULL, longitude REAL NOT NULL,"
                               " heading_deg REAL NOT NULL, speed_knots REAL NOT NULL, altitude_ft REAL NOT NULL,"
                               " battery_percent REAL NOT NULL, at_ms INTEGER NOT NULL)"),
                QStringLiteral("CREATE TABLE messages ("
                               " message_id INTEGER PRIMARY KEY, banner_id INTEGER NOT NULL,"
                               " author TEXT NOT NULL, request_id TEXT NOT NULL, text TEXT NOT NULL,"
                               " status TEXT NOT NULL, submitted_ms INTEGER NOT NULL,"
                               " started_ms INTEGER, ended_ms INTEGER)"),
                QStringLiteral("CREATE INDEX messages_banner_recent ON messages (banner_id, submitted_ms, message_id)"),
                QStringLiteral("CREATE INDEX messages_request ON messages (banner_id, author, request_id)"),
            },
            {
                QStringLiteral("CREATE TABLE actor_state ("
                               " actor_type TEXT COLLATE \"C\" NOT NULL, actor_id TEXT COLLATE \"C\" NOT NULL,"
                               " version BIGINT NOT NULL, payload BYTEA NOT NULL, updated_ms BIGINT NOT NULL,"
                               " PRIMARY KEY (actor_type, actor_id))"),
                QStringLiteral("CREATE TABLE events ("
                               " seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                               " banner_id BIGINT NOT NULL, banner_seq BIGINT NOT NULL,"
                               " type TEXT NOT NULL, payload TEXT NOT NULL, at_ms BIGINT NOT NULL,"
                               " UNIQUE (banner_id, banner_seq))"),
                QStringLiteral("CREATE INDEX events_banner_seq ON events (banner_id, seq)"),
                QStringLiteral("CREATE TABLE reminders ("
                               " actor_type TEXT COLLATE \"C\" NOT NULL, actor_id TEXT COLLATE \"C\" NOT NULL,"
                               " name TEXT COLLATE \"C\" NOT NULL,"
                               " due_ms BIGINT NOT NULL, period_ms BIGINT NOT NULL, payload BYTEA NOT NULL,"
                               " PRIMARY KEY (actor_type, actor_id, name))"),
                QStringLiteral("CREATE INDEX reminders_due ON reminders (due_ms, actor_type, actor_id, name)"),
                QStringLiteral("CREATE TABLE banners ("
                               " id BIGINT PRIMARY KEY, callsign TEXT NOT NULL UNIQUE, created_ms BIGINT NOT NULL)"),
                QStringLiteral("CREATE TABLE telemetry ("
                               " banner_id BIGINT PRIMARY KEY, latitude DOUBLE PRECISION NOT NULL,"
                               " longitude DOUBLE PRECISION NOT NULL, heading_deg DOUBLE PRECISION NOT NULL,"
                               " speed_knots DOUBLE PRECISION NOT NULL, altitude_ft DOUBLE PRECISION NOT NULL,"
                               " battery_percent DOUBLE PRECISION NOT NULL, at_ms BIGINT NOT NULL)"),
                QStringLiteral("CREATE TABLE messages ("
                               " message_id BIGINT PRIMARY KEY, banner_id BIGINT NOT NULL,"
                               " author TEXT NOT NULL, request_id TEXT NOT NULL, text TEXT NOT NULL,"
                               " status TEXT NOT NULL, submitted_ms BIGINT NOT NULL,"
                               " started_ms BIGINT, ended_ms BIGINT)"),
                QStringLiteral("CREATE INDEX messages_banner_recent ON messages (banner_id, submitted_ms, message_id)"),
                QStringLiteral("CREATE INDEX messages_request ON messages (banner_id, author, request_id)"),
            },
        },
        {
            // Idempotency keys in a table of their own, kept for a retention rather than a window in
            // the banner's state that enough other submissions could push a request out of. The key
            // leads with the banner, whose actor loads its rows at activation; accepted_ms serves
            // the background expiry. The messages index on request ids served the same lookups; it
            // goes, so that a submission still updates as many indexes as before.
            2,
            QStringLiteral("request ids kept for a retention"),
            {
                QStringLiteral("CREATE TABLE request_ids ("
                               " banner_id INTEGER NOT NULL, author TEXT NOT NULL, request_id TEXT NOT NULL,"
                               " text TEXT NOT NULL, message_id INTEGER NOT NULL, position INTEGER NOT NULL,"
                               " estimated_start_ms INTEGER NOT NULL, accepted_ms INTEGER NOT NULL,"
                               " PRIMARY KEY (banner_id, author, request_id)) WITHOUT ROWID"),
                QStringLiteral("CREATE INDEX request_ids_accepted ON request_ids (accepted_ms)"),
                QStringLiteral("DROP INDEX messages_request"),
            },
            {
                QStringLiteral("CREATE TABLE request_ids ("
                               " banner_id BIGINT NOT NULL, author TEXT NOT NULL, request_id TEXT NOT NULL,"
                               " text TEXT NOT NULL, message_id BIGINT NOT NULL, position INTEGER NOT NULL,"
                               " estimated_start_ms BIGINT NOT NULL, accepted_ms BIGINT NOT NULL,"
                               " PRIMARY KEY (banner_id, author, request_id))"),
                QStringLiteral("CREATE INDEX request_ids_accepted ON request_ids (accepted_ms)"),
                QStringLiteral("DROP INDEX messages_request"),
            },
        },
        {
            // The gateway's bearer tokens (TokenStore): only each token's SHA-256. The table used to
            // be created by the gateway itself, so a database may have it already. revoked_ms is
            // indexed for the running gateways' poll of recent revocations.
            3,
            QStringLiteral("gateway tokens"),
            {
                QStringLiteral("CREATE TABLE IF NOT EXISTS gateway_tokens (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                               " token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, banner_id BIGINT NOT NULL,"
                               " label TEXT NOT NULL, created_ms BIGINT NOT NULL, revoked_ms BIGINT)"),
                QStringLiteral("CREATE INDEX IF NOT EXISTS gateway_tokens_revoked_ms ON gateway_tokens (revoked_ms)"),
            },
            {
                QStringLiteral("CREATE TABLE IF NOT EXISTS gateway_tokens (id BIGSERIAL PRIMARY KEY,"
                               " token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, banner_id BIGINT NOT NULL,"
                               " label TEXT NOT NULL, created_ms BIGINT NOT NULL, revoked_ms BIGINT)"),
                QStringLiteral("CREATE INDEX IF NOT EXISTS gateway_tokens_revoked_ms ON gateway_tokens (revoked_ms)"),
            },
        },
        {
            // A rejection's reason, which the customer reads with the receipt of their message.
            // NULL for every other message: no rewrite of existing rows.
            4,
            QStringLiteral("the reason of a rejected message"),
            {QStringLiteral("ALTER TABLE messages ADD COLUMN reason TEXT")},
            {QStringLiteral("ALTER TABLE messages ADD COLUMN reason TEXT")},
        },
    };
}

int Migrations::latestVersion()
{
    return all().constLast().version;
}

StoreResult<int> Migrations::currentVersion(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !query.next())
        return sqlError(QStringLiteral("reading the schema version"), query.lastError());
    return query.value(0).toInt();
}

StoreResult<int> Migrations::apply(QSqlDatabase &db, StoreUrl::Backend backend, const QList<Migration> &migrations)
{
    const bool postgres = backend == StoreUrl::Backend::Postgres;
    const int target = migrations.isEmpty() ? 0 : migrations.constLast().version;
    QSqlQuery query(db);

    const QString createVersionTable = postgres
            ? QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                             " description TEXT NOT NULL, applied_ms BIGINT NOT NULL)")
            : QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                             " description TEXT NOT NULL, applied_ms INTEGER NOT NULL)");
    if (const auto status = exec(query, createVersionTable, QStringLiteral("creating schema_version")); status.isError())
        return status;

    for (const Migration &migration : migrations) {
        const QString context = QStringLiteral("schema migration %1 (%2)").arg(migration.version).arg(migration.description);
        // The version is read again inside the transaction, after the lock: another process may have
        // applied this migration while we waited.
        const QString begin = postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
        if (const auto status = exec(query, begin, context); status.isError())
            return status;
        auto fail = [&](StoreError error) -> StoreResult<int> {
            query.exec(QStringLiteral("ROLLBACK"));
            return error;
        };
        if (postgres) {
            if (const auto status = exec(query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey), context);
                status.isError())
                return fail(status);
        }
        if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !query.next())
            return fail(sqlError(context, query.lastError()));
        const int current = query.value(0).toInt();
        query.finish();
        if (current > target)
            return fail(StoreError(StoreError::Code::Database,
                                   QStringLiteral("the database schema is version %1, newer than this program knows (%2);"
                                                  " use a newer AirDisplay")
                                           .arg(current)
                                           .arg(target)));
        if (current >= migration.version) {
            if (const auto status = exec(query, QStringLiteral("COMMIT"), context); status.isError())
                return status;
            continue;
        }
        for (const QString &sql : postgres ? migration.postgres : migration.sqlite) {
            if (const auto status = exec(query, sql, context); status.isError())
                return fail(status);
        }
        query.prepare(QStringLiteral("INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)"));
        query.addBindValue(migration.version);
        query.addBindValue(migration.description);
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!query.exec())
            return fail(sqlError(context, query.lastError()));
        if (const auto status = exec(query, QStringLiteral("COMMIT"), context); status.isError())
            return fail(status);
        qCInfo(lcStore) << "applied" << context;
    }

    // An empty list still has to notice a database that is ahead of it.
    auto version = currentVersion(db);
    if (version && *version > target)
        return StoreError(StoreError::Code::Database,
                          QStringLiteral("the database schema is version %1, newer than this program knows (%2)")
                                  .arg(*version)
                                  .arg(target));
    return version;
}

} // namespace airdisplay
