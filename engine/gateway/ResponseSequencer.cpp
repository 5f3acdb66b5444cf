#include "ResponseSequencer.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace airdisplay {

namespace {
// A closing client gets this long to read the last answer and close its side.
constexpr int kLingerMs = 2000;
}

ResponseSequencer::ResponseSequencer(QTcpSocket *socket) : QObject(socket), m_socket(socket) {}

ResponseSequencer *ResponseSequencer::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<ResponseSequencer *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

quint64 ResponseSequencer::expect(bool closeAfter)
{
    if (m_closing)
        return 0;
    m_slots.push_back({m_nextTicket, closeAfter, std::nullopt});
    return m_nextTicket++;
}

quint64 ResponseSequencer::claim()
{
    if (m_nextClaim >= m_nextTicket)
        return 0;
    return m_nextClaim++;
}

void ResponseSequencer::answer(quint64 ticket, int status, const QByteArray &contentType, const QByteArray &body,
                               const HttpReply::Headers &headers, bool closeConnection)
{
    if (ticket == 0 || m_slots.empty() || ticket < m_slots.front().ticket)
        return;
    Slot &slot = m_slots[size_t(ticket - m_slots.front().ticket)];
    if (slot.response)
        return; // answered already
    slot.closeAfter = slot.closeAfter || closeConnection;
    slot.response = HttpReply::build(status, contentType, body, headers, slot.closeAfter);
    flush();
}

void ResponseSequencer::flush()
{
    if (!m_socket)
        return;
    bool wrote = false;
    while (!m_slots.empty() && m_slots.front().response) {
        Slot slot = std::move(m_slots.front());
        m_slots.pop_front();
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(*slot.response);
        wrote = true;
        if (slot.closeAfter) {
            m_closing = true;
            m_slots.clear();
            closeGracefully(m_socket);
            return;
        }
    }
    if (wrote && m_slots.empty())
        emit drained();
}

void ResponseSequencer::closeGracefully(QTcpSocket *socket)
{
    // QHttpServer reads nothing more; later input is dropped unread.
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->skip(socket->bytesAvailable());
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->skip(socket->bytesAvailable()); });
    if (qobject_cast<QSslSocket *>(socket)) {
        // TLS ends with its own close alert, which disconnectFromHost sends once the answer is out.
        socket->disconnectFromHost();
    } else {
        // Closing with unread input makes the kernel send a reset, which can overtake the answer:
        // instead our side is shut once the answer is written, and the client's close (or the
        // linger) ends the connection.
        auto shutWrite = [socket] {
            if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState)
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, shutWrite);
        socket->flush();
        shutWrite();
    }
    QTimer::singleShot(kLingerMs, socket, [socket] { socket->abort(); });
}

} // namespace airdisplay
