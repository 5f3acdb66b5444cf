#pragma once

#include "BannerCommand.h"
#include "SubscriptionFilter.h"
#include "TelemetryRecord.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace airdisplay {

// One decoded client request, WebSocket frame or REST call alike: typed, range-checked, ready to
// be authorised. A banner command (type Banner) goes to the engine unchanged; the other types are
// the connection's own business. Only the fields of its type are meaningful.
struct GatewayCommand
{
    enum class Type {
        Auth,
        Subscribe,
        Unsubscribe,
        Ping,
        Hello,     // a device binds this connection to its banner (and says what it shows)
        Telemetry, // a device's position and battery: soft state, never answered
        Banner,    // `command` below
    };

    Type type = Type::Ping;
    QJsonValue id; // the client's correlation id, echoed in the answer (string or number)
    QString token;
    qint64 bannerId = 0; // the banner a Banner command (or a device's frame) is about
    BannerCommand command;
    std::optional<qint64> showing; // hello: what the device shows now
    SubscriptionFilter filter;
    TelemetryRecord telemetry;

    // The frame's "type": "auth", ..., or the banner command's name ("pause").
    QString typeName() const;
    // The connection-level types by name; banner commands are found by commandFromName().
    static std::optional<Type> connectionTypeFromName(QStringView name);
};

} // namespace airdisplay
