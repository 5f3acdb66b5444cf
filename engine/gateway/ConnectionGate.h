#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <utility>

class QAbstractSocket;
class QTcpSocket;

namespace airdisplay {

struct GatewayMetrics;
struct GatewayOptions;

// Admits new connections up to the limit, and up to a limit per address for connections still in
// plain HTTP, and puts a RequestGuard on each one admitted, before QHttpServer connects to it.
// Lives on the gateway thread.
class ConnectionGate : public QObject
{
    Q_OBJECT

public:
    ConnectionGate(const GatewayOptions &options, GatewayMetrics &metrics, QObject *parent = nullptr);

    // False: the socket was refused (503 where it can still be answered in plain HTTP) and closes.
    bool admit(QTcpSocket *socket, bool plainText);
    // The admitted socket connected from this peer: what a QWebSocket upgraded from it runs on
    // (QWebSocket does not expose it). Null once that socket is gone.
    QAbstractSocket *socketFor(const QHostAddress &peer, quint16 peerPort) const;

private:
    void refuse(QTcpSocket *socket, bool plainText, const QString &message);
    void releaseAddress(const QHostAddress &address);
    void onClosed();
    void returnMemory();

    using Peer = std::pair<QHostAddress, quint16>;
    QHash<Peer, QPointer<QAbstractSocket>> m_sockets;
    QHash<QHostAddress, int> m_httpByAddress; // plain-HTTP connections per address
    // After a storm of connections, what they held is given back to the system: freed memory stays
    // with the allocator otherwise (10,000 connections left 100 MB behind for good).
    int m_peakSinceTrim = 0;
    QTimer m_trimTimer;

    const GatewayOptions &m_options;
    GatewayMetrics &m_metrics;
};

} // namespace airdisplay
