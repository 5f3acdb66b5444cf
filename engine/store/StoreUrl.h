#pragma once

#include "StoreResult.h"

#include <QString>

namespace airdisplay {

// Where the store lives: a SQLite file, or a PostgreSQL database reached through a URL
// (postgresql://user[:password]@host[:port]/database[?schema=name&sslmode=...]). The application
// picks the default path; the library only parses what it is given.
class StoreUrl
{
public:
    enum class Backend { Sqlite, Postgres };

    StoreUrl() = default;

    // A path ("data/airdisplay.db", "/var/lib/x.db", "sqlite:///var/lib/x.db") or a postgresql:// URL.
    static StoreResult<StoreUrl> parse(const QString &text);
    static StoreUrl sqliteFile(const QString &path);

    Backend backend() const { return m_backend; }
    bool isSqlite() const { return m_backend == Backend::Sqlite; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    QString driverName() const;

    QString filePath() const { return m_filePath; } // SQLite only
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString database() const { return m_database; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    // PostgreSQL schema the store's tables live in (created if missing); empty: the server's default.
    QString schema() const { return m_schema; }
    // Extra libpq connection options from the query string (sslmode=..., connect_timeout=...).
    QString connectOptions() const { return m_connectOptions; }

    // For logs and error messages: the password is never shown.
    QString toDisplayString() const;

private:
    static StoreResult<StoreUrl> parsePostgres(const QString &text);

    Backend m_backend = Backend::Sqlite;
    QString m_filePath;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_userName;
    QString m_password;
    QString m_schema;
    QString m_connectOptions;
};

} // namespace airdisplay
