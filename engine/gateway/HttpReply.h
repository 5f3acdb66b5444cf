#pragma once

#include "ProtocolError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

class QTcpSocket;

namespace airdisplay {

// Writes an HTTP/1.1 response straight to a socket. The gateway answers most requests after the
// engine committed, when QHttpServer's responder for the request is long gone, so every answer
// goes through here: one way to write them, synchronous or not.
class HttpReply
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    static QByteArray build(int status, const QByteArray &contentType, const QByteArray &body,
                            const Headers &headers = {}, bool closeConnection = false);
    static void send(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                     const Headers &headers = {}, bool closeConnection = false);
    static void sendJson(QTcpSocket *socket, int status, const QJsonObject &body, const Headers &headers = {});
    static void sendError(QTcpSocket *socket, const ProtocolError &error, const Headers &headers = {},
                          bool closeConnection = false);

    // {"error":{"code":..., "message":...}}
    static QJsonObject errorBody(const ProtocolError &error);
    static QByteArray reasonPhrase(int status);
};

} // namespace airdisplay
