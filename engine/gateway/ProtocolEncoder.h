#pragma once

#include "BannerState.h"
#include "DeviceCommand.h"
#include "EventRecord.h"
#include "FleetIndexEntry.h"
#include "FleetPolicy.h"
#include "FleetResult.h"
#include "MessageRecord.h"
#include "ProtocolError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace airdisplay {

// The server's side of the protocol: every JSON answer, frame and REST body the gateway sends,
// built in one place so REST and WebSocket show the same shapes (docs/protocol.md).
class ProtocolEncoder
{
public:
    static constexpr int kProtocolVersion = 1;

    // With the fleet policy's limits, "limits":{"textMaxCharacters":64,"queueLimit":20}, so that
    // a client counts and refuses what the engine would.
    static QJsonObject welcome(const QJsonValue &id, const QString &role, qint64 bannerId, const FleetPolicy &policy);
    static QJsonObject ack(const QJsonValue &id, const QString &op, const FleetResult &result);
    static QJsonObject error(const QJsonValue &id, const ProtocolError &error);
    static QJsonObject deviceCommand(const DeviceCommand &command);
    // {"messageId", "position", "estimatedStart", "duplicate"}: the REST answer to a submission.
    static QJsonObject submission(const FleetResult &result);

    // An event as a frame, without re-parsing its payload: the store holds it as JSON text already.
    static QByteArray eventFrame(const EventRecord &event);
    // The latest state of the event's banner, sent in place of events a slow client skipped.
    static QByteArray stateFrame(const EventRecord &latest);
    static QJsonObject event(const EventRecord &event);

    static QJsonObject banner(const FleetIndexEntry &entry);
    static QJsonObject bannerWithQueue(const FleetIndexEntry &entry, const BannerState &state);
    static QJsonObject receipt(const MessageRecord &message);

    static QByteArray compact(const QJsonObject &json);
};

} // namespace airdisplay
