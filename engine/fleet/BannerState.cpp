#include "BannerState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace airdisplay {

QByteArray BannerState::toJson() const
{
    QJsonArray queueJson;
    for (const BannerMessage &m : queue)
        queueJson.append(m.toJson());
    QJsonArray acceptedJson;
    for (const Accepted &a : accepted) {
        acceptedJson.append(QJsonObject{
            {QStringLiteral("a"), a.author},
            {QStringLiteral("r"), a.requestId},
            {QStringLiteral("t"), a.text},
            {QStringLiteral("m"), double(a.messageId)},
            {QStringLiteral("p"), a.position},
            {QStringLiteral("s"), double(a.estimatedStartMs)},
        });
    }
    QJsonObject json{
        {QStringLiteral("bannerId"), double(bannerId)},
        {QStringLiteral("callsign"), callsign},
        {QStringLiteral("nextSeq"), double(nextSeq)},
        {QStringLiteral("nextMessage"), double(nextMessage)},
        {QStringLiteral("paused"), paused},
        {QStringLiteral("queue"), queueJson},
        {QStringLiteral("accepted"), acceptedJson},
    };
    if (current)
        json.insert(QStringLiteral("current"), current->toJson());
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<BannerState> BannerState::fromJson(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject json = doc.object();
    if (!json.value(QLatin1String("bannerId")).isDouble())
        return std::nullopt;
    BannerState s;
    s.bannerId = qint64(json.value(QLatin1String("bannerId")).toDouble());
    s.callsign = json.value(QLatin1String("callsign")).toString();
    s.nextSeq = qint64(json.value(QLatin1String("nextSeq")).toDouble(1));
    s.nextMessage = qint64(json.value(QLatin1String("nextMessage")).toDouble(1));
    s.paused = json.value(QLatin1String("paused")).toBool();
    if (const QJsonValue current = json.value(QLatin1String("current")); current.isObject()) {
        s.current = BannerMessage::fromJson(current.toObject());
        if (!s.current)
            return std::nullopt;
    }
    for (const QJsonValue &v : json.value(QLatin1String("queue")).toArray()) {
        auto m = BannerMessage::fromJson(v.toObject());
        if (!m)
            return std::nullopt;
        s.queue.append(*m);
    }
    for (const QJsonValue &v : json.value(QLatin1String("accepted")).toArray()) {
        const QJsonObject a = v.toObject();
        s.accepted.append({a.value(QLatin1String("a")).toString(), a.value(QLatin1String("r")).toString(),
                           a.value(QLatin1String("t")).toString(), qint64(a.value(QLatin1String("m")).toDouble()),
                           a.value(QLatin1String("p")).toInt(), qint64(a.value(QLatin1String("s")).toDouble())});
    }
    return s;
}

} // namespace airdisplay
