#include "StoreError.h"

#include <QSqlError>

namespace airdisplay {

StoreError StoreError::fromSql(const QString &context, const QSqlError &error)
{
    // SQLite reports constraint violations as extended codes 1555/2067 (primary key/unique) and 19;
    // PostgreSQL as SQLSTATE 23505. Either way another writer got there first: a conflict.
    const QString native = error.nativeErrorCode();
    const bool uniqueViolation = native == QLatin1String("23505") || native == QLatin1String("1555")
            || native == QLatin1String("2067") || native == QLatin1String("19");
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    if (text.isEmpty())
        text = QStringLiteral("unknown database error");
    return StoreError(uniqueViolation ? Code::Conflict : Code::Database, context + QStringLiteral(": ") + text);
}

QString StoreError::codeName(Code code)
{
    switch (code) {
    case Code::None: return QStringLiteral("none");
    case Code::Conflict: return QStringLiteral("conflict");
    case Code::NotFound: return QStringLiteral("not_found");
    case Code::InvalidArgument: return QStringLiteral("invalid_argument");
    case Code::Closed: return QStringLiteral("closed");
    case Code::Database: return QStringLiteral("database");
    }
    return QStringLiteral("unknown");
}

} // namespace airdisplay
