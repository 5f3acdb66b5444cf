#include "ConnectionGate.h"

#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "HttpReply.h"
#include "RequestGuard.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace airdisplay {

namespace {
// A storm worth giving memory back after, and how long the connections must stay down first.
constexpr int kStormConnections = 1000;
constexpr int kTrimDelayMs = 1000;
} // namespace

ConnectionGate::ConnectionGate(const GatewayOptions &options, GatewayMetrics &metrics, QObject *parent)
    : QObject(parent), m_trimTimer(this), m_options(options), m_metrics(metrics)
{
    m_trimTimer.setSingleShot(true);
    connect(&m_trimTimer, &QTimer::timeout, this, &ConnectionGate::returnMemory);
}

bool ConnectionGate::admit(QTcpSocket *socket, bool plainText)
{
    if (m_metrics.openConnections.load(std::memory_order_relaxed) >= m_options.maxConnections) {
        refuse(socket, plainText, QStringLiteral("The gateway is at its connection limit; retry later."));
        return false;
    }
    const QHostAddress address = socket->peerAddress();
    int &fromAddress = m_httpByAddress[address];
    if (fromAddress >= m_options.maxConnectionsPerAddress) {
        refuse(socket, plainText, QStringLiteral("Too many connections from your address; retry later."));
        return false;
    }
    ++fromAddress;
    m_peakSinceTrim = std::max(m_peakSinceTrim, m_metrics.openConnections.fetch_add(1, std::memory_order_relaxed) + 1);
    // Answers and events are small frames: with Nagle's algorithm on, one would wait for the client's
    // (delayed) acknowledgement of the previous one, up to 40 ms.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const Peer peer{address, socket->peerPort()};
    m_sockets.insert(peer, socket);
    // Counted against its address until it is gone or has become a WebSocket.
    auto counted = std::make_shared<bool>(true);
    connect(socket, &QObject::destroyed, this, [this, peer, counted] {
        m_metrics.openConnections.fetch_sub(1, std::memory_order_relaxed);
        if (std::exchange(*counted, false))
            releaseAddress(peer.first);
        // A newer connection may have come from the same address and port since.
        if (const auto it = m_sockets.constFind(peer); it != m_sockets.cend() && it->isNull())
            m_sockets.erase(it);
        onClosed();
    });
    auto *guard = new RequestGuard(socket, m_options, m_metrics);
    connect(guard, &RequestGuard::upgraded, this, [this, address, counted] {
        if (std::exchange(*counted, false))
            releaseAddress(address);
    });
    return true;
}

void ConnectionGate::refuse(QTcpSocket *socket, bool plainText, const QString &message)
{
    m_metrics.rejectedConnections.fetch_add(1, std::memory_order_relaxed);
    if (plainText) {
        const ProtocolError error(ProtocolError::Code::TooManyConnections, message);
        socket->write(HttpReply::build(error.httpStatus(), "application/json",
                                       QJsonDocument(HttpReply::errorBody(error)).toJson(QJsonDocument::Compact),
                                       {{"Retry-After", "1"}}, true));
        socket->disconnectFromHost();
    } else {
        // A TLS socket is mid-handshake: it cannot be answered in plain text, only closed, and
        // not from inside the server's own handshake start.
        QTimer::singleShot(0, socket, [socket] { socket->abort(); });
    }
}

void ConnectionGate::onClosed()
{
    // Once most of a storm's connections are gone.
    if (m_peakSinceTrim >= kStormConnections && m_metrics.openConnections.load(std::memory_order_relaxed) <= m_peakSinceTrim / 4
        && !m_trimTimer.isActive())
        m_trimTimer.start(kTrimDelayMs);
}

void ConnectionGate::returnMemory()
{
    m_peakSinceTrim = m_metrics.openConnections.load(std::memory_order_relaxed);
    m_sockets.squeeze();
    m_httpByAddress.squeeze();
#ifdef __GLIBC__
    // glibc keeps freed memory in its arenas (the gateway thread has its own) unless asked: the
    // sockets' 16 KiB read buffers, freed in no particular order, leave the heap too fragmented
    // for it to shrink by itself.
    malloc_trim(0);
#endif
}

void ConnectionGate::releaseAddress(const QHostAddress &address)
{
    const auto it = m_httpByAddress.find(address);
    if (it != m_httpByAddress.end() && --it.value() <= 0)
        m_httpByAddress.erase(it);
}

QAbstractSocket *ConnectionGate::socketFor(const QHostAddress &peer, quint16 peerPort) const
{
    return m_sockets.value({peer, peerPort});
}

} // namespace airdisplay
