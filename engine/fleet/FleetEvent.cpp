#include "FleetEvent.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace airdisplay {

FleetEvent FleetEvent::decode(const EventRecord &record)
{
    FleetEvent e;
    e.record = record;
    e.type = eventTypeFromName(record.type);
    const QJsonObject payload = QJsonDocument::fromJson(record.payload).object();
    if (const QJsonValue message = payload.value(QLatin1String("message")); message.isObject())
        e.message = BannerMessage::fromJson(message.toObject());
    e.position = payload.value(QLatin1String("position")).toInt();
    if (e.type == BannerEventType::MessageMoved) {
        e.movedMessageId = qint64(payload.value(QLatin1String("messageId")).toDouble());
        e.movedFrom = payload.value(QLatin1String("from")).toInt();
        e.movedTo = payload.value(QLatin1String("to")).toInt();
    }
    e.callsign = payload.value(QLatin1String("callsign")).toString();
    if (const QJsonValue banner = payload.value(QLatin1String("banner")); banner.isObject()) {
        const QJsonObject b = banner.toObject();
        e.hasSummary = true;
        e.banner.status = bannerStatusFromName(b.value(QLatin1String("status")).toString()).value_or(BannerStatus::Offline);
        e.banner.queueLength = b.value(QLatin1String("queueLength")).toInt();
        e.banner.paused = b.value(QLatin1String("paused")).toBool();
        e.banner.linkUp = b.value(QLatin1String("link")).toBool();
        e.banner.currentMessageId = qint64(b.value(QLatin1String("currentMessageId")).toDouble());
        e.banner.currentText = b.value(QLatin1String("currentText")).toString();
    }
    return e;
}

} // namespace airdisplay
