#include "HttpReply.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace airdisplay {

QByteArray HttpReply::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray HttpReply::build(int status, const QByteArray &contentType, const QByteArray &body,
                            const Headers &headers, bool closeConnection)
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\n";
    for (const auto &[key, value] : headers)
        out += key + ": " + value + "\r\n";
    if (closeConnection)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

void HttpReply::send(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                     const Headers &headers, bool closeConnection)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(build(status, contentType, body, headers, closeConnection));
    if (closeConnection)
        socket->disconnectFromHost();
}

void HttpReply::sendJson(QTcpSocket *socket, int status, const QJsonObject &body, const Headers &headers)
{
    send(socket, status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

void HttpReply::sendError(QTcpSocket *socket, const ProtocolError &error, const Headers &headers, bool closeConnection)
{
    send(socket, error.httpStatus(), "application/json",
         QJsonDocument(errorBody(error)).toJson(QJsonDocument::Compact), headers, closeConnection);
}

QJsonObject HttpReply::errorBody(const ProtocolError &error)
{
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), error.codeName()}, {QStringLiteral("message"), error.message()}}}};
}

} // namespace airdisplay
