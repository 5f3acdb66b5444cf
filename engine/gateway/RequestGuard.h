#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace airdisplay {

struct GatewayMetrics;

// Enforces the header and body limits on one HTTP connection before QHttpServer sees the bytes.
//
// Qt 6.4's QHttpServer reads a whole request body into memory before any route runs, so a limit
// checked in a route comes too late. The guard connects to the socket's readyRead before the
// server does (slots run in connection order), peeks at the new bytes and follows the HTTP framing
// itself: header blocks up to maxHeaderBytes, then Content-Length bytes of body. A request that
// declares a body above the limit, a header block above its limit, or a chunked body (which has no
// length to check up front) is answered with 413 / 431 / 411 and Connection: close; the server's
// slot is disconnected so it never buffers the rest, and whatever the client still sends is
// discarded unread until it closes or two seconds pass. A WebSocket upgrade ends the guard's job:
// from then on QWebSocket enforces the frame limits.
class RequestGuard : public QObject
{
    Q_OBJECT

public:
    RequestGuard(QTcpSocket *socket, qint64 maxBodyBytes, int maxHeaderBytes, GatewayMetrics &metrics);

private:
    void onReadyRead();
    // False if the request was refused.
    bool inspectHeaders(const QByteArray &block);
    void refuse(int status, const QString &code, const QString &message);

    QTcpSocket *m_socket;
    qint64 m_maxBody;
    int m_maxHeader;
    GatewayMetrics &m_metrics;
    QByteArray m_header; // the current header block, up to its end
    qint64 m_bodyLeft = 0;
    bool m_done = false; // refused, or upgraded to WebSocket
};

} // namespace airdisplay
