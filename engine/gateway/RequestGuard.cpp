#include "RequestGuard.h"

#include "GatewayLogging.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "ProtocolError.h"
#include "ResponseSequencer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace airdisplay {

using Kind = HttpRequestFramer::Event::Kind;

RequestGuard::RequestGuard(QTcpSocket *socket, const GatewayOptions &options, GatewayMetrics &metrics)
    : QObject(socket),
      m_socket(socket),
      m_sequencer(new ResponseSequencer(socket)),
      m_metrics(metrics),
      m_framer(options.protocol.maxFrameBytes, options.maxHeaderBytes),
      m_requestTimeoutMs(options.requestTimeoutMs),
      m_idleTimeoutMs(options.idleTimeoutMs),
      // Pipelined requests read ahead of their turn: a few whole requests at their limits.
      m_maxWaiting(4 * (options.protocol.maxFrameBytes + options.maxHeaderBytes)),
      m_timer(this)
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    connect(m_sequencer, &ResponseSequencer::drained, this, &RequestGuard::onDrained);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RequestGuard::onTimeout);
    // The first request is due from the moment the connection opens: a silent one holds a slot.
    m_timer.start(m_requestTimeoutMs);
}

void RequestGuard::onReadyRead()
{
    if (m_done) {
        // This slot runs before the server's: it can still keep the server from reading.
        if (m_dropInput)
            stopServerReading();
        return;
    }
    // The server took what was handed to it in the previous emission, so everything in the buffer
    // is new (once the server's empty transaction is out of the way: a read inside it would be
    // taken back from the server at its next commit).
    rollBackServerTransaction();
    const QByteArray fresh = m_socket->readAll();
    const bool refusing = !m_items.empty() && m_items.back().kind == Kind::Refused;
    if (!fresh.isEmpty() && !refusing) {
        const bool wasMidRequest = m_framer.isMidRequest();
        const qsizetype base = m_inbox.size();
        m_inbox.append(fresh);
        // The waiting requests' bytes lie one after another from the start of m_inbox.
        qsizetype consumed = 0;
        for (const Item &item : m_items)
            consumed += item.length;
        for (const HttpRequestFramer::Event &e : m_framer.feed(fresh.constData(), fresh.size())) {
            Item item{e.kind, 0, e.closeAfter, e.status, e.code, e.message};
            if (e.kind == Kind::Request) {
                item.length = base + e.offset - consumed;
                consumed += item.length;
            }
            m_items.push_back(std::move(item));
        }
        if (m_inbox.size() > m_maxWaiting && !m_framer.isStopped())
            m_items.push_back({Kind::Refused, 0, false, 413, QStringLiteral("too_large"),
                               QStringLiteral("More than %1 bytes of pipelined requests are waiting.").arg(m_maxWaiting)});
        // A request's first byte starts its clock, unless the clock already runs for it (the
        // first request's runs from the connection opening).
        if (m_framer.isMidRequest() && !wasMidRequest && !(m_readingRequest && m_timer.isActive())) {
            m_readingRequest = true;
            m_timer.start(m_requestTimeoutMs);
        }
    }
    handOver();
}

void RequestGuard::handOver()
{
    if (m_items.empty() || m_done)
        return updateTimer();
    Item item = std::move(m_items.front());
    m_items.pop_front();
    switch (item.kind) {
    case Kind::Request:
        m_sequencer->expect(item.closeAfter);
        giveToServer(m_inbox.left(item.length));
        m_inbox.remove(0, item.length);
        if (item.closeAfter) {
            // Nothing after a request that ends the connection is read, let alone run.
            m_done = true;
            m_dropInput = true;
            m_items.clear();
            m_inbox.clear();
        }
        break;
    case Kind::Upgrade:
        // The handshake and whatever the client sent after it belong to the WebSocket now.
        m_done = true;
        m_timer.stop();
        giveToServer(m_inbox);
        m_inbox.clear();
        m_items.clear();
        emit upgraded();
        return;
    case Kind::Refused:
        refuseNow(item.status, item.code, item.message);
        return;
    }
    // The server reads one request per emission: the next one goes with the next emission.
    if (!m_items.empty())
        QMetaObject::invokeMethod(m_socket, &QAbstractSocket::readyRead, Qt::QueuedConnection);
    if (m_inbox.isEmpty())
        m_inbox = QByteArray(); // a long-lived connection does not keep its largest request's buffer
    updateTimer();
}

void RequestGuard::rollBackServerTransaction()
{
    // QHttpServer starts a read transaction on every readyRead and leaves it open when it finds no
    // whole request, which, handed only whole requests, means when it was handed nothing (the
    // first half of a request split across TCP segments). While it is open, ungetChar drops its
    // byte with a warning, and the request would never be answered. The server read nothing in it,
    // so rolling it back moves nothing.
    if (m_socket->isTransactionStarted())
        m_socket->rollbackTransaction();
}

void RequestGuard::giveToServer(const QByteArray &bytes)
{
    rollBackServerTransaction();
    // QIODevice can only put bytes back at the front of its buffer, one at a time, last first.
    for (qsizetype i = bytes.size() - 1; i >= 0; --i)
        m_socket->ungetChar(bytes.at(i));
}

void RequestGuard::updateTimer()
{
    if (m_done || m_framer.isMidRequest())
        return; // a request being read keeps the clock it started with
    if (!m_items.empty() || m_sequencer->pending() > 0) {
        m_timer.stop(); // answers are owed: the engine's time, not the client's
        return;
    }
    // Between requests, with every answer written: the keep-alive idle time.
    m_readingRequest = false;
    m_timer.start(m_idleTimeoutMs);
}

void RequestGuard::onDrained()
{
    updateTimer();
}

void RequestGuard::onTimeout()
{
    if (m_done)
        return;
    // A connection that has sent nothing at all is closed without an answer, as an idle one is.
    // Clients open connections ahead of their requests (browsers preconnect; QNetworkAccessManager
    // may send the request it opened one for on another that freed first) and send on them later:
    // a 408 they had not yet read was taken as the answer to the request they sent next. The soak
    // saw one such "408" for a plain GET. RFC 9112 §9.5 lets a client retry a request on a
    // connection closed before its answer began; it cannot tell a 408 from an answer.
    if (!m_readingRequest || (!m_framer.isMidRequest() && m_items.empty() && m_sequencer->pending() == 0)) {
        m_done = true;
        m_dropInput = true;
        m_metrics.idleClosed.fetch_add(1, std::memory_order_relaxed);
        ResponseSequencer::closeGracefully(m_socket);
        return;
    }
    m_metrics.timedOutRequests.fetch_add(1, std::memory_order_relaxed);
    // Its answer still comes after those owed to the whole requests before it.
    m_items.push_back({Kind::Refused, 0, false, 408, ProtocolError(ProtocolError::Code::RequestTimeout, {}).codeName(),
                       QStringLiteral("The request did not arrive whole within %1 seconds.").arg(m_requestTimeoutMs / 1000.0)});
    handOver();
}

void RequestGuard::refuseNow(int status, const QString &code, const QString &message)
{
    m_done = true;
    m_dropInput = true;
    m_timer.stop();
    m_items.clear();
    m_inbox.clear();
    if (status == 400)
        m_metrics.malformedRequests.fetch_add(1, std::memory_order_relaxed);
    else if (status != 408)
        m_metrics.oversizeRequests.fetch_add(1, std::memory_order_relaxed);
    m_metrics.httpErrors.fetch_add(1, std::memory_order_relaxed);
    // Timeouts come by the thousand under a slowloris: not worth a line each.
    if (status == 408)
        qCDebug(lcGateway) << "request from" << m_socket->peerAddress().toString() << "timed out";
    else
        qCInfo(lcGateway) << "refusing a request from" << m_socket->peerAddress().toString() << ":" << message;
    stopServerReading();
    const QJsonObject body{{QStringLiteral("error"),
                            QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    m_sequencer->answer(m_sequencer->expect(true), status, "application/json",
                        QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void RequestGuard::stopServerReading()
{
    QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_socket->skip(m_socket->bytesAvailable()); });
}

} // namespace airdisplay
