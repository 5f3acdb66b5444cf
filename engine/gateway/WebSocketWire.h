#pragma once

#include <QByteArray>

namespace airdisplay {

// Server-to-client WebSocket frames (RFC 6455 §5.2) built once and written as they are to many
// sockets. QWebSocket::sendTextMessage converts and copies its QString for every receiver; an event
// fanned out to a thousand subscribers would be converted and copied a thousand times. A prebuilt
// frame of 4 KiB or more is shared by QIODevice::write(const QByteArray &), not copied.
class WebSocketWire
{
public:
    // One final, unmasked text frame (a server never masks) carrying utf8.
    static QByteArray textFrame(const QByteArray &utf8);
    static void appendTextFrame(QByteArray &out, const QByteArray &utf8);
};

} // namespace airdisplay
