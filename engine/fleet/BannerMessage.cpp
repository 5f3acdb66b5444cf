#include "BannerMessage.h"

#include <array>
#include <utility>

namespace airdisplay {

namespace {

constexpr std::array<std::pair<BannerMessage::Status, const char *>, 10> kStatusNames{{
    {BannerMessage::Status::Held, "pending_review"},
    {BannerMessage::Status::Queued, "queued"},
    {BannerMessage::Status::Sent, "sent"},
    {BannerMessage::Status::Displaying, "displaying"},
    {BannerMessage::Status::Shown, "shown"},
    {BannerMessage::Status::Cancelled, "cancelled"},
    {BannerMessage::Status::Removed, "removed"},
    {BannerMessage::Status::Rejected, "rejected"},
    {BannerMessage::Status::Blanked, "blanked"},
    {BannerMessage::Status::Interrupted, "interrupted"},
}};

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
    for (const auto &[s, name] : kStatusNames) {
        if (s == status)
            return QLatin1String(name);
    }
    return QStringLiteral("queued");
}

std::optional<BannerMessage::Status> BannerMessage::statusFromName(const QString &name)
{
    for (const auto &[s, n] : kStatusNames) {
        if (name == QLatin1String(n))
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
    return json;
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
    return m;
}

} // namespace airdisplay
