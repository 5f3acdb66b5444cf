#include "ConnectionGate.h"

#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "HttpReply.h"
#include "RequestGuard.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace airdisplay {

namespace {
// A storm worth giving memory back after, and how long the connections must stay down first.
constexpr int kStormConnections = 1000;
constexpr int kTrimDelayMs = 1000;

// Runs its function when it is destroyed, with the socket it is a child of. QHttpServer disconnects
// every signal of a socket it upgrades to a WebSocket (socket->disconnect(), destroyed included), so
// a connection to destroyed was lost for every WebSocket: the open-connection count only grew, and
// after 10,000 WebSocket connections in a server's life every newcomer got 503. A child dies with
// its parent whatever was disconnected.
class SocketLifetime : public QObject
{
public:
    SocketLifetime(QObject *socket, std::function<void()> onGone) : QObject(socket), m_onGone(std::move(onGone)) {}
    ~SocketLifetime() override { m_onGone(); }

private:
    std::function<void()> m_onGone;
};
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
    new SocketLifetime(socket, [gate = QPointer<ConnectionGate>(this), peer, counted] {
        // The socket dies on the gateway thread, as the gate does; after the gate, nothing is owed.
        if (!gate)
            return;
        gate->m_metrics.openConnections.fetch_sub(1, std::memory_order_relaxed);
        if (std::exchange(*counted, false))
            gate->releaseAddress(peer.first);
        // A newer connection may have come from the same address and port since.
        if (const auto it = gate->m_sockets.constFind(peer); it != gate->m_sockets.cend() && it->isNull())
            gate->m_sockets.erase(it);
        gate->onClosed();
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
