#include "BannerMessage.h"

#include "JsonWriter.h"

#include <array>
#include <utility>

namespace airdisplay {

namespace {

// QStringLiteral data is static: handing these out copies nothing, where converting a Latin-1 name
// allocated for every receipt and every event.
const std::array<std::pair<BannerMessage::Status, QString>, 10> &statusNames()
{
    static const std::array<std::pair<BannerMessage::Status, QString>, 10> names{{
        {BannerMessage::Status::Held, QStringLiteral("pending_review")},
        {BannerMessage::Status::Queued, QStringLiteral("queued")},
        {BannerMessage::Status::Sent, QStringLiteral("sent")},
        {BannerMessage::Status::Displaying, QStringLiteral("displaying")},
        {BannerMessage::Status::Shown, QStringLiteral("shown")},
        {BannerMessage::Status::Cancelled, QStringLiteral("cancelled")},
        {BannerMessage::Status::Removed, QStringLiteral("removed")},
        {BannerMessage::Status::Rejected, QStringLiteral("rejected")},
        {BannerMessage::Status::Blanked, QStringLiteral("blanked")},
        {BannerMessage::Status::Interrupted, QStringLiteral("interrupted")},
    }};
    return names;
}

void putOptional(QJsonObject &json, const char *key, const std::optional<qint64> &value)
{
    if (value)
        json.insert(QLatin1String(key), double(*value));
}

std::optional<qint64> takeOptional(const QJsonObject &json, const char *key)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return qint64(value.toDouble());
}

} // namespace

QString BannerMessage::statusName(Status status)
{
    for (const auto &[s, name] : statusNames()) {
        if (s == status)
            return name;
    }
    return QStringLiteral("queued");
}

std::optional<BannerMessage::Status> BannerMessage::statusFromName(const QString &name)
{
    for (const auto &[s, n] : statusNames()) {
        if (name == n)
            return s;
    }
    return std::nullopt;
}

// Milliseconds and ids are stored as JSON numbers: doubles hold integers exactly up to 2^53, and
// message ids are kept below that (see BannerState).
QJsonObject BannerMessage::toJson() const
{
    QJsonObject json{
        {QStringLiteral("id"), double(id)},
        {QStringLiteral("text"), text},
        {QStringLiteral("author"), author},
        {QStringLiteral("requestId"), requestId},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("submittedMs"), double(submittedMs)},
    };
    putOptional(json, "startedMs", startedMs);
    putOptional(json, "endsAtMs", endsAtMs);
    putOptional(json, "endedMs", endedMs);
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    return json;
}

void BannerMessage::writeJson(JsonWriter &json) const
{
    json.beginObject()
        .field("id", id)
        .field("text", text)
        .field("author", author)
        .field("requestId", requestId)
        .field("status", statusName(status))
        .field("submittedMs", submittedMs);
    if (startedMs)
        json.field("startedMs", *startedMs);
    if (endsAtMs)
        json.field("endsAtMs", *endsAtMs);
    if (endedMs)
        json.field("endedMs", *endedMs);
    if (!reason.isEmpty())
        json.field("reason", reason);
    json.endObject();
}

std::optional<BannerMessage> BannerMessage::fromJson(const QJsonObject &json)
{
    const auto status = statusFromName(json.value(QLatin1String("status")).toString());
    if (!status || !json.value(QLatin1String("id")).isDouble())
        return std::nullopt;
    BannerMessage m;
    m.id = qint64(json.value(QLatin1String("id")).toDouble());
    m.text = json.value(QLatin1String("text")).toString();
    m.author = json.value(QLatin1String("author")).toString();
    m.requestId = json.value(QLatin1String("requestId")).toString();
    m.status = *status;
    m.submittedMs = qint64(json.value(QLatin1String("submittedMs")).toDouble());
    m.startedMs = takeOptional(json, "startedMs");
    m.endsAtMs = takeOptional(json, "endsAtMs");
    m.endedMs = takeOptional(json, "endedMs");
    m.reason = json.value(QLatin1String("reason")).toString();
    return m;
}

} // namespace airdisplay
