#include "WriteBatch.h"

namespace airdisplay {

namespace {

StoreError invalid(const QString &what)
{
    return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("invalid write batch: ") + what);
}

} // namespace

WriteBatch &WriteBatch::putState(const QString &actorType, const QString &actorId, qint64 expectedVersion,
                                 QByteArray payload)
{
    m_stateWrites.append({actorType, actorId, expectedVersion, std::move(payload), false});
    return *this;
}

WriteBatch &WriteBatch::removeState(const QString &actorType, const QString &actorId, qint64 expectedVersion)
{
    m_stateWrites.append({actorType, actorId, expectedVersion, {}, true});
    return *this;
}

WriteBatch &WriteBatch::appendEvent(qint64 bannerId, qint64 bannerSeq, const QString &type, QByteArray payload,
                                    qint64 atMs)
{
    m_events.append({0, bannerId, bannerSeq, type, std::move(payload), atMs});
    return *this;
}

WriteBatch &WriteBatch::appendEvent(const EventRecord &event)
{
    m_events.append(event);
    m_events.last().globalSeq = 0;
    return *this;
}

WriteBatch &WriteBatch::upsertReminder(const Reminder &reminder)
{
    m_reminderChanges.append({reminder, false});
    return *this;
}

WriteBatch &WriteBatch::removeReminder(const QString &actorType, const QString &actorId, const QString &name)
{
    Reminder key;
    key.actorType = actorType;
    key.actorId = actorId;
    key.name = name;
    m_reminderChanges.append({key, true});
    return *this;
}

WriteBatch &WriteBatch::upsertMessage(const MessageRecord &message)
{
    m_messages.append(message);
    return *this;
}

WriteBatch &WriteBatch::registerBanner(const BannerRecord &banner)
{
    m_banners.append(banner);
    return *this;
}

WriteBatch &WriteBatch::upsertTelemetry(const TelemetryRecord &telemetry)
{
    m_telemetry.append(telemetry);
    return *this;
}

WriteBatch &WriteBatch::recordRequest(const RequestRecord &request)
{
    m_requests.append(request);
    return *this;
}

WriteBatch &WriteBatch::expireRequests(qint64 beforeMs)
{
    m_requestsExpireBefore = beforeMs;
    return *this;
}

bool WriteBatch::isEmpty() const
{
    return m_stateWrites.isEmpty() && m_events.isEmpty() && m_reminderChanges.isEmpty() && m_messages.isEmpty()
            && m_banners.isEmpty() && m_telemetry.isEmpty() && m_requests.isEmpty() && !m_requestsExpireBefore;
}

StoreStatus WriteBatch::validate() const
{
    for (const StateWrite &write : m_stateWrites) {
        if (write.actorType.isEmpty() || write.actorId.isEmpty())
            return invalid(QStringLiteral("a state write needs an actor type and id"));
        if (write.expectedVersion < 0 || (write.removed && write.expectedVersion == 0))
            return invalid(QStringLiteral("state of %1/%2 written with expected version %3")
                                   .arg(write.actorType, write.actorId)
                                   .arg(write.expectedVersion));
    }
    for (const EventRecord &event : m_events) {
        if (event.type.isEmpty())
            return invalid(QStringLiteral("event %1/%2 has no type").arg(event.bannerId).arg(event.bannerSeq));
    }
    for (const ReminderChange &change : m_reminderChanges) {
        const Reminder &r = change.reminder;
        if (r.actorType.isEmpty() || r.actorId.isEmpty() || r.name.isEmpty())
            return invalid(QStringLiteral("a reminder needs an actor type, an actor id and a name"));
        if (!change.removed && r.periodMs < 0)
            return invalid(QStringLiteral("reminder %1 has a negative period").arg(r.name));
    }
    for (const BannerRecord &banner : m_banners) {
        if (banner.callsign.isEmpty())
            return invalid(QStringLiteral("banner %1 has no callsign").arg(banner.id));
    }
    for (const RequestRecord &request : m_requests) {
        if (request.author.isEmpty() || request.requestId.isEmpty())
            return invalid(QStringLiteral("a request id of banner %1 needs an author and an id").arg(request.bannerId));
    }
    return {};
}

} // namespace airdisplay
