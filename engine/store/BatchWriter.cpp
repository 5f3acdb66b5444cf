#include "BatchWriter.h"

#include <QSqlError>
#include <QVariant>

namespace airdisplay {

namespace {

// Rows per multi-row telemetry statement: one statement per chunk instead of one per row.
constexpr int kTelemetryChunk = 64;

// A null QString or QByteArray binds as SQL NULL; the columns are NOT NULL and "nothing" is empty.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QByteArray blob(const QByteArray &value)
{
    return value.isNull() ? QByteArray("") : value;
}

QVariant optionalMs(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

// The context text is only built when something failed: formatting it for every row would cost as
// much as the insert.
template<typename Context>
StoreStatus run(QSqlQuery &query, Context context)
{
    if (!query.exec())
        return sqlError(context(), query.lastError());
    return {};
}

} // namespace

BatchWriter::BatchWriter(QSqlDatabase db, StoreUrl::Backend backend)
    : m_db(std::move(db)),
      m_backend(backend),
      m_insertState(m_db),
      m_updateState(m_db),
      m_deleteState(m_db),
      m_insertEvent(m_db),
      m_upsertReminder(m_db),
      m_deleteReminder(m_db),
      m_upsertMessage(m_db),
      m_insertBanner(m_db),
      m_upsertRequest(m_db),
      m_expireRequests(m_db),
      m_control(m_db)
{
}

StoreStatus BatchWriter::prepare()
{
    // SQLite hands back the new rowid for free (lastInsertId); PostgreSQL needs RETURNING, which
    // through Qt's SQLite driver would cost a result set per row.
    const QString insertEvent = m_backend == StoreUrl::Backend::Postgres
            ? QStringLiteral("INSERT INTO events (banner_id, banner_seq, type, payload, at_ms) VALUES (?, ?, ?, ?, ?)"
                             " RETURNING seq")
            : QStringLiteral("INSERT INTO events (banner_id, banner_seq, type, payload, at_ms) VALUES (?, ?, ?, ?, ?)");
    const std::pair<QSqlQuery *, QString> statements[] = {
        {&m_insertState,
         QStringLiteral("INSERT INTO actor_state (actor_type, actor_id, version, payload, updated_ms)"
                        " VALUES (?, ?, 1, ?, ?) ON CONFLICT (actor_type, actor_id) DO NOTHING")},
        {&m_updateState,
         QStringLiteral("UPDATE actor_state SET version = ?, payload = ?, updated_ms = ?"
                        " WHERE actor_type = ? AND actor_id = ? AND version = ?")},
        {&m_deleteState,
         QStringLiteral("DELETE FROM actor_state WHERE actor_type = ? AND actor_id = ? AND version = ?")},
        {&m_insertEvent, insertEvent},
        {&m_upsertReminder,
         QStringLiteral("INSERT INTO reminders (actor_type, actor_id, name, due_ms, period_ms, payload)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (actor_type, actor_id, name) DO UPDATE SET"
                        " due_ms = excluded.due_ms, period_ms = excluded.period_ms, payload = excluded.payload")},
        {&m_deleteReminder,
         QStringLiteral("DELETE FROM reminders WHERE actor_type = ? AND actor_id = ? AND name = ?")},
        {&m_upsertMessage,
         QStringLiteral("INSERT INTO messages (message_id, banner_id, author, request_id, text, status,"
                        " submitted_ms, started_ms, ended_ms, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (message_id) DO UPDATE SET banner_id = excluded.banner_id,"
                        " author = excluded.author, request_id = excluded.request_id, text = excluded.text,"
                        " status = excluded.status, submitted_ms = excluded.submitted_ms,"
                        " started_ms = excluded.started_ms, ended_ms = excluded.ended_ms, reason = excluded.reason")},
        {&m_insertBanner, QStringLiteral("INSERT INTO banners (id, callsign, created_ms) VALUES (?, ?, ?)")},
        {&m_upsertRequest,
         QStringLiteral("INSERT INTO request_ids (banner_id, author, request_id, text, message_id, position,"
                        " estimated_start_ms, accepted_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (banner_id, author, request_id) DO UPDATE SET text = excluded.text,"
                        " message_id = excluded.message_id, position = excluded.position,"
                        " estimated_start_ms = excluded.estimated_start_ms, accepted_ms = excluded.accepted_ms")},
        {&m_expireRequests, QStringLiteral("DELETE FROM request_ids WHERE accepted_ms < ?")},
    };
    for (const auto &[query, sql] : statements) {
        if (!query->prepare(sql))
            return sqlError(QStringLiteral("preparing \"%1\"").arg(sql), query->lastError());
    }
    return {};
}

BatchWriter::Outcome BatchWriter::execute(const WriteBatch &batch, qint64 nowMs)
{
    Outcome outcome;
    bool wroteAny = false;
    // A conflict seen as an unchanged row count leaves the transaction usable; a failed statement
    // does not (PostgreSQL aborts the whole transaction).
    auto step = [&](StoreStatus status, bool statementFailed = true) {
        if (status.isError()) {
            outcome.error = std::move(status);
            outcome.transactionIntact = !wroteAny && !statementFailed;
            return false;
        }
        wroteAny = true;
        return true;
    };
    for (const StateWrite &write : batch.stateWrites()) {
        bool statementFailed = false;
        StoreStatus status = writeState(write, nowMs, statementFailed);
        if (!step(std::move(status), statementFailed))
            return outcome;
    }
    outcome.events = batch.events();
    for (EventRecord &event : outcome.events) {
        if (!step(appendEvent(event)))
            return outcome;
    }
    for (const ReminderChange &change : batch.reminderChanges()) {
        if (!step(writeReminder(change)))
            return outcome;
    }
    for (const MessageRecord &message : batch.messages()) {
        if (!step(upsertMessage(message)))
            return outcome;
    }
    for (const BannerRecord &banner : batch.banners()) {
        if (!step(registerBanner(banner)))
            return outcome;
    }
    for (const RequestRecord &request : batch.requests()) {
        if (!step(recordRequest(request)))
            return outcome;
    }
    if (const std::optional<qint64> before = batch.requestsExpireBefore()) {
        if (!step(expireRequests(*before)))
            return outcome;
    }
    if (!batch.telemetry().isEmpty())
        step(upsertTelemetry(batch.telemetry()));
    return outcome;
}

// Savepoint statements run unprepared: PostgreSQL cannot PREPARE them, and they are only needed
// when a group is re-run after a failure.
StoreStatus BatchWriter::savepoint()
{
    return control(QStringLiteral("SAVEPOINT batch"), QStringLiteral("starting a batch savepoint"));
}

StoreStatus BatchWriter::releaseSavepoint()
{
    return control(QStringLiteral("RELEASE SAVEPOINT batch"), QStringLiteral("releasing a batch savepoint"));
}

StoreStatus BatchWriter::rollbackToSavepoint()
{
    return control(QStringLiteral("ROLLBACK TO SAVEPOINT batch"), QStringLiteral("rolling back a failed batch"));
}

StoreStatus BatchWriter::control(const QString &sql, const QString &context)
{
    if (!m_control.exec(sql))
        return sqlError(context, m_control.lastError());
    return {};
}

StoreStatus BatchWriter::writeState(const StateWrite &write, qint64 nowMs, bool &statementFailed)
{
    QSqlQuery *query = nullptr;
    if (write.removed) {
        query = &m_deleteState;
        query->bindValue(0, write.actorType);
        query->bindValue(1, write.actorId);
        query->bindValue(2, write.expectedVersion);
    } else if (write.expectedVersion == 0) {
        query = &m_insertState;
        query->bindValue(0, write.actorType);
        query->bindValue(1, write.actorId);
        query->bindValue(2, blob(write.payload));
        query->bindValue(3, nowMs);
    } else {
        query = &m_updateState;
        query->bindValue(0, write.expectedVersion + 1);
        query->bindValue(1, blob(write.payload));
        query->bindValue(2, nowMs);
        query->bindValue(3, write.actorType);
        query->bindValue(4, write.actorId);
        query->bindValue(5, write.expectedVersion);
    }
    auto context = [&] { return QStringLiteral("writing state of %1/%2").arg(write.actorType, write.actorId); };
    if (StoreStatus status = run(*query, context); status.isError()) {
        statementFailed = true;
        return status;
    }
    if (query->numRowsAffected() != 1)
        return StoreError(StoreError::Code::Conflict,
                          QStringLiteral("version conflict on %1/%2: expected version %3 is no longer current")
                                  .arg(write.actorType, write.actorId)
                                  .arg(write.expectedVersion));
    return {};
}

StoreStatus BatchWriter::appendEvent(EventRecord &event)
{
    m_insertEvent.bindValue(0, event.bannerId);
    m_insertEvent.bindValue(1, event.bannerSeq);
    m_insertEvent.bindValue(2, event.type);
    m_insertEvent.bindValue(3, event.payload.isNull() ? QStringLiteral("") : QString::fromUtf8(event.payload));
    m_insertEvent.bindValue(4, event.atMs);
    auto context = [&] {
        return QStringLiteral("appending event %1 of banner %2").arg(event.bannerSeq).arg(event.bannerId);
    };
    if (const StoreStatus status = run(m_insertEvent, context); status.isError())
        return status;
    if (m_backend == StoreUrl::Backend::Postgres) {
        if (!m_insertEvent.next())
            return sqlError(context(), m_insertEvent.lastError());
        event.globalSeq = m_insertEvent.value(0).toLongLong();
        m_insertEvent.finish();
    } else {
        event.globalSeq = m_insertEvent.lastInsertId().toLongLong();
    }
    return {};
}

StoreStatus BatchWriter::writeReminder(const ReminderChange &change)
{
    const Reminder &r = change.reminder;
    QSqlQuery &query = change.removed ? m_deleteReminder : m_upsertReminder;
    query.bindValue(0, r.actorType);
    query.bindValue(1, r.actorId);
    query.bindValue(2, r.name);
    if (!change.removed) {
        query.bindValue(3, r.dueMs);
        query.bindValue(4, r.periodMs);
        query.bindValue(5, blob(r.payload));
    }
    return run(query, [&] { return QStringLiteral("writing reminder %1 of %2/%3").arg(r.name, r.actorType, r.actorId); });
}

StoreStatus BatchWriter::upsertMessage(const MessageRecord &message)
{
    m_upsertMessage.bindValue(0, message.messageId);
    m_upsertMessage.bindValue(1, message.bannerId);
    m_upsertMessage.bindValue(2, text(message.author));
    m_upsertMessage.bindValue(3, text(message.requestId));
    m_upsertMessage.bindValue(4, text(message.text));
    m_upsertMessage.bindValue(5, text(message.status));
    m_upsertMessage.bindValue(6, message.submittedMs);
    m_upsertMessage.bindValue(7, optionalMs(message.startedMs));
    m_upsertMessage.bindValue(8, optionalMs(message.endedMs));
    m_upsertMessage.bindValue(9, message.reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(message.reason));
    return run(m_upsertMessage, [&] { return QStringLiteral("writing message %1").arg(message.messageId); });
}

StoreStatus BatchWriter::registerBanner(const BannerRecord &banner)
{
    m_insertBanner.bindValue(0, banner.id);
    m_insertBanner.bindValue(1, banner.callsign);
    m_insertBanner.bindValue(2, banner.createdMs);
    return run(m_insertBanner,
               [&] { return QStringLiteral("registering banner %1 (%2)").arg(banner.id).arg(banner.callsign); });
}

StoreStatus BatchWriter::recordRequest(const RequestRecord &request)
{
    m_upsertRequest.bindValue(0, request.bannerId);
    m_upsertRequest.bindValue(1, request.author);
    m_upsertRequest.bindValue(2, request.requestId);
    m_upsertRequest.bindValue(3, text(request.text));
    m_upsertRequest.bindValue(4, request.messageId);
    m_upsertRequest.bindValue(5, request.position);
    m_upsertRequest.bindValue(6, request.estimatedStartMs);
    m_upsertRequest.bindValue(7, request.acceptedMs);
    return run(m_upsertRequest, [&] {
        return QStringLiteral("recording request id %1 of %2 on banner %3").arg(request.requestId, request.author).arg(request.bannerId);
    });
}

StoreStatus BatchWriter::expireRequests(qint64 beforeMs)
{
    m_expireRequests.bindValue(0, beforeMs);
    return run(m_expireRequests, [&] { return QStringLiteral("expiring request ids accepted before %1").arg(beforeMs); });
}

StoreStatus BatchWriter::upsertTelemetry(const QList<TelemetryRecord> &rows)
{
    // One upsert statement may not touch a row twice (PostgreSQL refuses), so within a chunk only
    // each banner's last record is kept; later chunks overwrite earlier ones as they should.
    for (qsizetype start = 0; start < rows.size(); start += kTelemetryChunk) {
        const qsizetype end = std::min<qsizetype>(rows.size(), start + kTelemetryChunk);
        QHash<qint64, qsizetype> lastIndex;
        for (qsizetype i = start; i < end; ++i)
            lastIndex.insert(rows[i].bannerId, i);
        QSqlQuery &query = telemetryStatement(int(lastIndex.size()));
        int column = 0;
        for (qsizetype i = start; i < end; ++i) {
            if (lastIndex.value(rows[i].bannerId) != i)
                continue;
            const TelemetryRecord &t = rows[i];
            query.bindValue(column++, t.bannerId);
            query.bindValue(column++, t.latitude);
            query.bindValue(column++, t.longitude);
            query.bindValue(column++, t.headingDeg);
            query.bindValue(column++, t.speedKnots);
            query.bindValue(column++, t.altitudeFt);
            query.bindValue(column++, t.batteryPercent);
            query.bindValue(column++, t.atMs);
        }
        if (const StoreStatus status =
                    run(query, [&] { return QStringLiteral("writing telemetry of %1 banners").arg(lastIndex.size()); });
            status.isError())
            return status;
    }
    return {};
}

QSqlQuery &BatchWriter::telemetryStatement(int rows)
{
    auto it = m_telemetryByRows.find(rows);
    if (it != m_telemetryByRows.end())
        return it->second;
    QString sql = QStringLiteral("INSERT INTO telemetry (banner_id, latitude, longitude, heading_deg, speed_knots,"
                                 " altitude_ft, battery_percent, at_ms) VALUES ");
    for (int i = 0; i < rows; ++i)
        sql += i == 0 ? QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?)") : QStringLiteral(", (?, ?, ?, ?, ?, ?, ?, ?)");
    sql += QStringLiteral(" ON CONFLICT (banner_id) DO UPDATE SET latitude = excluded.latitude,"
                          " longitude = excluded.longitude, heading_deg = excluded.heading_deg,"
                          " speed_knots = excluded.speed_knots, altitude_ft = excluded.altitude_ft,"
                          " battery_percent = excluded.battery_percent, at_ms = excluded.at_ms");
    QSqlQuery query(m_db);
    // A failed prepare surfaces as the exec error in run(), with the statement's context.
    query.prepare(sql);
    return m_telemetryByRows.emplace(rows, std::move(query)).first->second;
}

} // namespace airdisplay
