#include "StoreUrl.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace airdisplay {

namespace {

StoreError invalid(const QString &text, const QString &why)
{
    // The text may carry a password; error messages end up in logs.
    static const QRegularExpression password(QStringLiteral("(://[^:/@]*:)[^@]*@"));
    QString shown = text;
    shown.replace(password, QStringLiteral("\\1***@"));
    return StoreError(StoreError::Code::InvalidArgument,
                      QStringLiteral("invalid database location \"%1\": %2").arg(shown, why));
}

// libpq options that may come through the URL's query string; anything else is a typo we report.
bool isPassThroughOption(const QString &key)
{
    static const QStringList known = {
        QStringLiteral("sslmode"), QStringLiteral("sslrootcert"), QStringLiteral("sslcert"),
        QStringLiteral("sslkey"), QStringLiteral("connect_timeout"), QStringLiteral("application_name"),
        QStringLiteral("target_session_attrs"),
    };
    return known.contains(key);
}

} // namespace

StoreResult<StoreUrl> StoreUrl::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return invalid(text, QStringLiteral("empty"));

    if (trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://")))
        return parsePostgres(trimmed);

    QString path = trimmed;
    if (path.startsWith(QLatin1String("sqlite://"))) {
        path = QUrl(path).path(QUrl::FullyDecoded);
        if (path.isEmpty())
            return invalid(text, QStringLiteral("expected sqlite:///path/to/file.db"));
    } else if (path.contains(QLatin1String("://"))) {
        return invalid(text, QStringLiteral("unsupported scheme (use a file path or postgresql://...)"));
    }
    // Every store thread opens its own connection, and separate in-memory databases would not see
    // each other's writes.
    if (path == QLatin1String(":memory:") || path.startsWith(QLatin1String("file::memory:")))
        return invalid(text, QStringLiteral("an in-memory SQLite database cannot be shared by the store's connections"));
    return sqliteFile(path);
}

StoreResult<StoreUrl> StoreUrl::parsePostgres(const QString &text)
{
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return invalid(text, parsed.errorString());
    StoreUrl url;
    url.m_backend = Backend::Postgres;
    url.m_host = parsed.host();
    if (url.m_host.isEmpty())
        url.m_host = QStringLiteral("localhost");
    url.m_port = parsed.port(5432);
    if (url.m_port <= 0 || url.m_port > 65535)
        return invalid(text, QStringLiteral("port out of range"));
    url.m_database = parsed.path(QUrl::FullyDecoded);
    if (url.m_database.startsWith(QLatin1Char('/')))
        url.m_database.remove(0, 1);
    if (url.m_database.isEmpty() || url.m_database.contains(QLatin1Char('/')))
        return invalid(text, QStringLiteral("expected postgresql://user[:password]@host[:port]/database"));
    url.m_userName = parsed.userName(QUrl::FullyDecoded);
    url.m_password = parsed.password(QUrl::FullyDecoded);

    QStringList options;
    const QUrlQuery query(parsed);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("schema")) {
            // The schema name is spliced into SET search_path, so only plain identifiers pass.
            static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
            if (!identifier.match(value).hasMatch())
                return invalid(text, QStringLiteral("schema must be a plain identifier"));
            url.m_schema = value;
        } else if (isPassThroughOption(key)) {
            if (value.isEmpty() || value.contains(QLatin1Char(';')) || value.contains(QLatin1Char(' ')))
                return invalid(text, QStringLiteral("option %1 has an invalid value").arg(key));
            options << key + QLatin1Char('=') + value;
        } else {
            return invalid(text, QStringLiteral("unknown option \"%1\"").arg(key));
        }
    }
    url.m_connectOptions = options.join(QLatin1Char(';'));
    return url;
}

StoreUrl StoreUrl::sqliteFile(const QString &path)
{
    StoreUrl url;
    url.m_backend = Backend::Sqlite;
    url.m_filePath = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    return url;
}

QString StoreUrl::driverName() const
{
    return isSqlite() ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString StoreUrl::toDisplayString() const
{
    if (isSqlite())
        return m_filePath;
    QString text = QStringLiteral("postgresql://");
    if (!m_userName.isEmpty())
        text += m_userName + (m_password.isEmpty() ? QString() : QStringLiteral(":***")) + QLatin1Char('@');
    text += m_host + QLatin1Char(':') + QString::number(m_port) + QLatin1Char('/') + m_database;
    if (!m_schema.isEmpty())
        text += QStringLiteral("?schema=") + m_schema;
    return text;
}

} // namespace airdisplay
