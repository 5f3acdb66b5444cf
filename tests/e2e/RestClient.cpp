#include "RestClient.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpSocket>

namespace airdisplay {

RestClient::Reply RestClient::get(const QByteArray &path, int timeoutMs) const
{
    return request("GET", path, {}, timeoutMs);
}

RestClient::Reply RestClient::post(const QByteArray &path, const QJsonObject &body, int timeoutMs) const
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), timeoutMs);
}

RestClient::Reply RestClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                                      int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return {};
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token
                 + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                 + "\r\nConnection: close\r\n\r\n" + body);
    QByteArray response;
    qsizetype headerEnd = -1;
    qsizetype length = -1;
    while (true) {
        if (headerEnd < 0 && (headerEnd = response.indexOf("\r\n\r\n")) >= 0) {
            const QByteArray headers = response.left(headerEnd).toLower();
            const qsizetype at = headers.indexOf("content-length:");
            if (at >= 0) {
                const qsizetype end = headers.indexOf('\r', at);
                length = headers.mid(at + 15, (end < 0 ? headers.size() : end) - at - 15).trimmed().toLongLong();
            }
        }
        if (headerEnd >= 0 && length >= 0 && response.size() >= headerEnd + 4 + length)
            break;
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            return {};
        response += socket.readAll();
    }
    Reply reply;
    const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
    reply.status = statusLine.value(1).toInt();
    reply.body = QJsonDocument::fromJson(response.mid(headerEnd + 4, length)).object();
    return reply;
}

} // namespace airdisplay
