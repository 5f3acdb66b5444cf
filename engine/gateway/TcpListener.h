#pragma once

#include <QTcpServer>

namespace airdisplay {

class ConnectionGate;

// A plain-TCP listener that lets the ConnectionGate see every socket before QHttpServer does.
// (With TLS, QSslServer's startedEncryptionHandshake gives the gate the same chance.)
class TcpListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit TcpListener(ConnectionGate &gate, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr handle) override;

private:
    ConnectionGate &m_gate;
};

} // namespace airdisplay
