#include "TcpListener.h"

#include "ConnectionGate.h"

#include <QTcpSocket>

namespace airdisplay {

TcpListener::TcpListener(ConnectionGate &gate, QObject *parent) : QTcpServer(parent), m_gate(gate) {}

void TcpListener::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (m_gate.admit(socket, true)) {
        addPendingConnection(socket);
        return;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace airdisplay
