#pragma once

#include "BannerRecord.h"
#include "EventRecord.h"
#include "MessageRecord.h"
#include "ReminderChange.h"
#include "RequestRecord.h"
#include "StateWrite.h"
#include "StoreResult.h"
#include "TelemetryRecord.h"

#include <QList>

#include <optional>

namespace airdisplay {

// Everything one caller (typically one actor turn) writes atomically: all of it commits or none of
// it does. State writes run first, so a version conflict is found before anything else is written.
class WriteBatch
{
public:
    // Stores payload as version expectedVersion + 1 if the stored version is expectedVersion.
    WriteBatch &putState(const QString &actorType, const QString &actorId, qint64 expectedVersion, QByteArray payload);
    // Deletes the state if the stored version is expectedVersion.
    WriteBatch &removeState(const QString &actorType, const QString &actorId, qint64 expectedVersion);
    // The store assigns the global sequence at commit; the completion returns it.
    WriteBatch &appendEvent(qint64 bannerId, qint64 bannerSeq, const QString &type, QByteArray payload, qint64 atMs);
    WriteBatch &appendEvent(const EventRecord &event);
    // Inserts or replaces the reminder with the same (actorType, actorId, name).
    WriteBatch &upsertReminder(const Reminder &reminder);
    WriteBatch &removeReminder(const QString &actorType, const QString &actorId, const QString &name);
    // Inserts or replaces the message with the same messageId.
    WriteBatch &upsertMessage(const MessageRecord &message);
    // Fails the batch (conflict) if the id or the callsign is already registered.
    WriteBatch &registerBanner(const BannerRecord &banner);
    // Inserts or replaces the banner's last known telemetry.
    WriteBatch &upsertTelemetry(const TelemetryRecord &telemetry);
    // Inserts or replaces the request id with the same (bannerId, author, requestId).
    WriteBatch &recordRequest(const RequestRecord &request);
    // Deletes every request id accepted before beforeMs (the retention's end).
    WriteBatch &expireRequests(qint64 beforeMs);

    bool isEmpty() const;
    // Rejects what the database would reject less clearly (empty keys, negative versions).
    StoreStatus validate() const;

    const QList<StateWrite> &stateWrites() const { return m_stateWrites; }
    const QList<EventRecord> &events() const { return m_events; }
    const QList<ReminderChange> &reminderChanges() const { return m_reminderChanges; }
    const QList<MessageRecord> &messages() const { return m_messages; }
    const QList<BannerRecord> &banners() const { return m_banners; }
    const QList<TelemetryRecord> &telemetry() const { return m_telemetry; }
    const QList<RequestRecord> &requests() const { return m_requests; }
    std::optional<qint64> requestsExpireBefore() const { return m_requestsExpireBefore; }

private:
    QList<StateWrite> m_stateWrites;
    QList<EventRecord> m_events;
    QList<ReminderChange> m_reminderChanges;
    QList<MessageRecord> m_messages;
    QList<BannerRecord> m_banners;
    QList<TelemetryRecord> m_telemetry;
    QList<RequestRecord> m_requests;
    std::optional<qint64> m_requestsExpireBefore;
};

} // namespace airdisplay
