#pragma once

#include "StoreResult.h"
#include "StoreUrl.h"
#include "WriteBatch.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <unordered_map>

namespace airdisplay {

// Executes write batches on the writer's connection with statements prepared once and reused: the
// per-statement cost, not the disk, bounds how many submissions a group commit can carry.
// Transactions and savepoints are the caller's (GroupCommitter's) business.
class BatchWriter
{
public:
    struct Outcome
    {
        StoreError error;
        // A failure that left the transaction exactly as it was (a version conflict at the batch's
        // first state write): the other batches of the group can go on without a re-run.
        bool transactionIntact = true;
        QList<EventRecord> events; // with global sequence numbers, when error is none
    };

    BatchWriter(QSqlDatabase db, StoreUrl::Backend backend);

    StoreStatus prepare();
    Outcome execute(const WriteBatch &batch, qint64 nowMs);

    StoreStatus savepoint();
    StoreStatus releaseSavepoint();
    StoreStatus rollbackToSavepoint();

private:
    StoreStatus writeState(const StateWrite &write, qint64 nowMs, bool &statementFailed);
    StoreStatus appendEvent(EventRecord &event);
    StoreStatus writeReminder(const ReminderChange &change);
    StoreStatus upsertMessage(const MessageRecord &message);
    StoreStatus registerBanner(const BannerRecord &banner);
    StoreStatus upsertTelemetry(const QList<TelemetryRecord> &rows);
    StoreStatus recordRequest(const RequestRecord &request);
    StoreStatus expireRequests(qint64 beforeMs);
    QSqlQuery &telemetryStatement(int rows);
    StoreStatus control(const QString &sql, const QString &context);

    QSqlDatabase m_db;
    StoreUrl::Backend m_backend;
    QSqlQuery m_insertState;
    QSqlQuery m_updateState;
    QSqlQuery m_deleteState;
    QSqlQuery m_insertEvent;
    QSqlQuery m_upsertReminder;
    QSqlQuery m_deleteReminder;
    QSqlQuery m_upsertMessage;
    QSqlQuery m_insertBanner;
    QSqlQuery m_upsertRequest;
    QSqlQuery m_expireRequests;
    QSqlQuery m_control;
    std::unordered_map<int, QSqlQuery> m_telemetryByRows;
};

} // namespace airdisplay
