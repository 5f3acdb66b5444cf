#pragma once

#include "Operation.h"
#include "SubscriptionFilter.h"
#include "TelemetryRecord.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace airdisplay {

// One decoded client request, WebSocket frame or REST call alike: typed, range-checked, ready to
// be authorised and handed to the engine. Only the fields of its type are meaningful.
struct GatewayCommand
{
    enum class Type {
        Auth,
        Subscribe,
        Unsubscribe,
        Ping,
        Submit,
        Cancel,
        Remove,
        Move,
        Approve,
        Reject,
        Blank,
        Pause,
        Resume,
        Hello,
        Telemetry,
        Displayed,
        Blanked,
    };

    Type type = Type::Ping;
    QJsonValue id; // the client's correlation id, echoed in the answer (string or number)
    QString token;
    qint64 bannerId = 0;
    qint64 messageId = 0;
    int position = 0;
    QString text;
    QString requestId;
    std::optional<qint64> showing; // hello: what the device shows now
    SubscriptionFilter filter;
    TelemetryRecord telemetry;

    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
    // The row of the authorisation matrix; none for auth, ping and unsubscribe, which every
    // connection may send.
    static std::optional<Operation> operationOf(Type type);
};

} // namespace airdisplay
