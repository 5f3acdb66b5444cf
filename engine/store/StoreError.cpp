#include "StoreError.h"

#include <QSqlError>

namespace airdisplay {

Error sqlError(const QString &context, const QSqlError &error)
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
    return Error(uniqueViolation ? Error::Code::Conflict : Error::Code::Database, context + QStringLiteral(": ") + text);
}

} // namespace airdisplay
