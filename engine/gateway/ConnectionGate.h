#pragma once

#include <QObject>

class QTcpSocket;

namespace airdisplay {

struct GatewayMetrics;
struct GatewayOptions;

// Admits new connections up to the limit and puts a RequestGuard on each one admitted, before
// QHttpServer connects to it. Lives on the gateway thread.
class ConnectionGate : public QObject
{
    Q_OBJECT

public:
    ConnectionGate(const GatewayOptions &options, GatewayMetrics &metrics, QObject *parent = nullptr);

    // False: the socket was refused (503 where it can still be answered in plain HTTP) and closes.
    bool admit(QTcpSocket *socket, bool plainText);

private:
    const GatewayOptions &m_options;
    GatewayMetrics &m_metrics;
};

} // namespace airdisplay
