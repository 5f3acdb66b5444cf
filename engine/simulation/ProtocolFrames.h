#pragma once

#include "AircraftTelemetry.h"

#include <QString>
#include <QtGlobal>

#include <optional>

namespace airdisplay {

// The client frames of the gateway's WebSocket protocol (docs/protocol.md, version 1) that
// simulated devices and customers send. Written by hand rather than through QJsonDocument: a
// simulator sends ten thousand telemetry frames a second, and their shape is fixed.
class ProtocolFrames
{
public:
    static QString auth(const QString &token);
    static QString ping(qint64 id);
    // What the device shows when it (re)connects; nothing when `showing` is empty.
    static QString hello(std::optional<qint64> showing);
    static QString telemetry(const AircraftTelemetry &t);
    static QString displayed(qint64 messageId);
    static QString blanked();
    // The frame id is the request id, so that every answer names its submission, retries included.
    static QString submit(qint64 bannerId, const QString &text, const QString &requestId);
};

} // namespace airdisplay
