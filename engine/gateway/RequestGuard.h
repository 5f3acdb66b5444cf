#pragma once

#include "HttpRequestFramer.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <deque>

class QTcpSocket;

namespace airdisplay {

struct GatewayMetrics;
struct GatewayOptions;
class ResponseSequencer;

// Stands between one connection and QHttpServer: HTTP/1.1 framing, limits, order and timeouts.
//
// Qt 6.4's QHttpServer reads a whole request body into memory before any route runs, accepts
// framing that a proxy in front could read differently (two Content-Length headers), keeps
// connections open that asked to be closed, and waits forever for a slow client. So the guard,
// connected to readyRead before the server (slots run in connection order), takes every byte off
// the socket itself, frames it (HttpRequestFramer) and hands the server one whole request at a time:
// it puts that request's bytes back into the socket's buffer, where the server's slot reads them in
// the same signal emission. Whatever it never hands over is never parsed, let alone run: a refused
// request and anything after it (answered, after the answers owed before it, with Connection:
// close), and anything after a request that ends the connection.
//
// Each request must arrive whole within requestTimeoutMs of its first byte (the first one within
// that of the connection opening), else 408 and close; a connection that sent nothing by then is
// closed without an answer, and one with nothing in flight closes after idleTimeoutMs. A WebSocket handshake is handed over with whatever follows it and ends the
// guard's job: from then on QWebSocket and the session enforce the limits.
class RequestGuard : public QObject
{
    Q_OBJECT

public:
    RequestGuard(QTcpSocket *socket, const GatewayOptions &options, GatewayMetrics &metrics);

signals:
    // The connection became a WebSocket.
    void upgraded();

private:
    // What the framer found, in stream order, waiting to be handed to the server.
    struct Item
    {
        HttpRequestFramer::Event::Kind kind;
        qsizetype length = 0;    // Request: its bytes at the front of m_inbox
        bool closeAfter = false; // Request
        int status = 0;          // Refused
        QString code;
        QString message;
    };

    void onReadyRead();
    void handOver();
    void onDrained();
    void onTimeout();
    void refuseNow(int status, const QString &code, const QString &message);
    // Puts bytes back at the front of the socket's buffer, for the server's slot to read.
    void rollBackServerTransaction();
    void giveToServer(const QByteArray &bytes);
    void stopServerReading();
    void updateTimer();

    QTcpSocket *m_socket;
    ResponseSequencer *m_sequencer;
    GatewayMetrics &m_metrics;
    HttpRequestFramer m_framer;
    const int m_requestTimeoutMs;
    const int m_idleTimeoutMs;
    const qsizetype m_maxWaiting;
    QByteArray m_inbox;      // bytes read and not handed over, from the first waiting item on
    std::deque<Item> m_items;
    QTimer m_timer;
    bool m_readingRequest = true; // the timer runs for a request being read (else: idle)
    bool m_done = false;          // refused, closing, or upgraded: nothing more to frame
    bool m_dropInput = false;     // refused or closing: the server reads nothing more
};

} // namespace airdisplay
