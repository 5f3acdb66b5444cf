#pragma once

#include "StoreResult.h"
#include "StoreUrl.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

namespace airdisplay {

// The schema's history: numbered migrations, each applied once, in order, in its own transaction,
// and recorded in schema_version. DDL differs between the backends (identity columns, blob types,
// collations), so each migration carries both dialects.
class Migrations
{
public:
    struct Migration
    {
        int version = 0;
        QString description;
        QStringList sqlite;
        QStringList postgres;
    };

    // Every migration of this program, ascending by version.
    static QList<Migration> all();
    static int latestVersion();

    // Brings the database up to the last migration of the list; returns the resulting version. A
    // database newer than the list is refused rather than used with a schema this code does not know.
    static StoreResult<int> apply(QSqlDatabase &db, StoreUrl::Backend backend,
                                  const QList<Migration> &migrations = all());

    // The version recorded in schema_version (which apply() creates); 0 before any migration.
    static StoreResult<int> currentVersion(QSqlDatabase &db);
};

} // namespace airdisplay
