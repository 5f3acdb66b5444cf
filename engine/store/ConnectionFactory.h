#pragma once

#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"

#include <QSqlDatabase>

namespace airdisplay {

// Opens one QSqlDatabase connection for the calling thread, configured the way the store relies
// on: WAL, synchronous=FULL and a busy timeout on SQLite; the schema's search_path on PostgreSQL.
class ConnectionFactory
{
public:
    // Checkpointer: SQLite only, copies the log back into the database beside the writer.
    enum class Role { Writer, Reader, Checkpointer };

    // connectionName must be unique in the process; the caller removes it with removeDatabase().
    static StoreResult<QSqlDatabase> open(const StoreUrl &url, const StoreOptions &options,
                                          const QString &connectionName, Role role);

    // A unique connection name for this process, e.g. "airdisplay.store.3.reader.140231".
    static QString uniqueName(const QString &purpose);
};

} // namespace airdisplay
