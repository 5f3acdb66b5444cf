#include "ProtocolEncoder.h"

#include "BannerStatus.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace airdisplay {

namespace {
void putId(QJsonObject &json, const QJsonValue &id)
{
    if (!id.isUndefined() && !id.isNull())
        json.insert(QStringLiteral("id"), id);
}

QJsonValue optionalMs(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(double(*ms)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QByteArray ProtocolEncoder::compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QJsonObject ProtocolEncoder::welcome(const QJsonValue &id, const QString &role, qint64 bannerId, const FleetPolicy &policy)
{
    QJsonObject w{{QStringLiteral("type"), QStringLiteral("welcome")},
                  {QStringLiteral("protocol"), kProtocolVersion},
                  {QStringLiteral("role"), role},
                  {QStringLiteral("limits"), QJsonObject{{QStringLiteral("textMaxCharacters"), policy.maxTextLength},
                                                         {QStringLiteral("queueLimit"), policy.queueLimit}}}};
    if (bannerId > 0)
        w.insert(QStringLiteral("bannerId"), double(bannerId));
    putId(w, id);
    return w;
}

QJsonObject ProtocolEncoder::ack(const QJsonValue &id, const QString &op, const FleetResult &result)
{
    QJsonObject a{{QStringLiteral("type"), QStringLiteral("ack")}, {QStringLiteral("op"), op}};
    putId(a, id);
    if (result.messageId != 0)
        a.insert(QStringLiteral("messageId"), double(result.messageId));
    if (result.position != 0)
        a.insert(QStringLiteral("position"), result.position);
    if (result.estimatedStartMs != 0)
        a.insert(QStringLiteral("estimatedStart"), double(result.estimatedStartMs));
    if (result.duplicate)
        a.insert(QStringLiteral("duplicate"), true);
    return a;
}

QJsonObject ProtocolEncoder::error(const QJsonValue &id, const ProtocolError &error)
{
    QJsonObject e{{QStringLiteral("type"), QStringLiteral("error")},
                  {QStringLiteral("code"), error.codeName()},
                  {QStringLiteral("message"), error.message()}};
    putId(e, id);
    return e;
}

QJsonObject ProtocolEncoder::deviceCommand(const DeviceCommand &command)
{
    if (command.kind == DeviceCommand::Kind::Blank)
        return {{QStringLiteral("type"), QStringLiteral("blank")}, {QStringLiteral("bannerId"), double(command.bannerId)}};
    return {{QStringLiteral("type"), QStringLiteral("show")},
            {QStringLiteral("bannerId"), double(command.bannerId)},
            {QStringLiteral("messageId"), double(command.messageId)},
            {QStringLiteral("text"), command.text},
            {QStringLiteral("durationMs"), double(command.durationMs)}};
}

QJsonObject ProtocolEncoder::submission(const FleetResult &result)
{
    return {{QStringLiteral("messageId"), double(result.messageId)},
            {QStringLiteral("position"), result.position},
            {QStringLiteral("estimatedStart"), double(result.estimatedStartMs)},
            {QStringLiteral("duplicate"), result.duplicate}};
}

QByteArray ProtocolEncoder::eventFrame(const EventRecord &e)
{
    QByteArray f;
    f.reserve(120 + e.type.size() + e.payload.size());
    f += R"({"type":"event","seq":)" + QByteArray::number(e.globalSeq);
    f += R"(,"bannerId":)" + QByteArray::number(e.bannerId);
    f += R"(,"bannerSeq":)" + QByteArray::number(e.bannerSeq);
    // Event type names are the engine's snake_case identifiers: nothing in them needs escaping.
    f += R"(,"event":")" + e.type.toLatin1() + '"';
    f += R"(,"at":)" + QByteArray::number(e.atMs);
    f += R"(,"data":)" + (e.payload.isEmpty() ? QByteArray("{}") : e.payload) + '}';
    return f;
}

QByteArray ProtocolEncoder::stateFrame(const EventRecord &latest)
{
    const QJsonObject payload = QJsonDocument::fromJson(latest.payload).object();
    return compact({{QStringLiteral("type"), QStringLiteral("state")},
                    {QStringLiteral("bannerId"), double(latest.bannerId)},
                    {QStringLiteral("seq"), double(latest.globalSeq)},
                    {QStringLiteral("banner"), payload.value(QStringLiteral("banner"))}});
}

QJsonObject ProtocolEncoder::event(const EventRecord &e)
{
    return {{QStringLiteral("seq"), double(e.globalSeq)},
            {QStringLiteral("bannerId"), double(e.bannerId)},
            {QStringLiteral("bannerSeq"), double(e.bannerSeq)},
            {QStringLiteral("event"), e.type},
            {QStringLiteral("at"), double(e.atMs)},
            {QStringLiteral("data"), QJsonDocument::fromJson(e.payload).object()}};
}

QJsonObject ProtocolEncoder::banner(const FleetIndexEntry &b)
{
    QJsonObject j{{QStringLiteral("id"), double(b.id)},
                  {QStringLiteral("callsign"), b.callsign},
                  {QStringLiteral("status"), bannerStatusName(b.status)},
                  {QStringLiteral("queueLength"), b.queueLength},
                  {QStringLiteral("paused"), b.paused},
                  {QStringLiteral("link"), b.linkUp},
                  {QStringLiteral("lastSeen"), double(b.lastSeenMs)}};
    if (b.currentMessageId != 0) {
        j.insert(QStringLiteral("currentMessageId"), double(b.currentMessageId));
        j.insert(QStringLiteral("currentText"), b.currentText);
    }
    if (b.hasPosition) {
        j.insert(QStringLiteral("position"),
                 QJsonObject{{QStringLiteral("lat"), b.latitude},
                             {QStringLiteral("lon"), b.longitude},
                             {QStringLiteral("heading"), double(b.headingDeg)},
                             {QStringLiteral("speed"), double(b.speedKnots)},
                             {QStringLiteral("altitude"), double(b.altitudeFt)},
                             {QStringLiteral("battery"), double(b.batteryPercent)}});
    }
    return j;
}

QJsonObject ProtocolEncoder::bannerWithQueue(const FleetIndexEntry &entry, const BannerState &state)
{
    QJsonObject j = banner(entry);
    QJsonArray queue;
    for (const BannerMessage &m : state.queue)
        queue.append(m.toJson());
    j.insert(QStringLiteral("queue"), queue);
    j.insert(QStringLiteral("current"), state.current ? QJsonValue(state.current->toJson()) : QJsonValue(QJsonValue::Null));
    j.insert(QStringLiteral("paused"), state.paused);
    return j;
}

QJsonObject ProtocolEncoder::receipt(const MessageRecord &m)
{
    QJsonObject json{{QStringLiteral("messageId"), double(m.messageId)},
            {QStringLiteral("bannerId"), double(m.bannerId)},
            {QStringLiteral("author"), m.author},
            {QStringLiteral("requestId"), m.requestId},
            {QStringLiteral("text"), m.text},
            {QStringLiteral("status"), m.status},
            {QStringLiteral("submitted"), double(m.submittedMs)},
            {QStringLiteral("started"), optionalMs(m.startedMs)},
            {QStringLiteral("ended"), optionalMs(m.endedMs)}};
    if (!m.reason.isEmpty())
        json.insert(QStringLiteral("reason"), m.reason);
    return json;
}

} // namespace airdisplay
