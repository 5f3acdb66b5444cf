#pragma once

#include "HttpReply.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

#include <deque>
#include <optional>

class QTcpSocket;

namespace airdisplay {

// Puts one HTTP connection's answers on the wire in request order (RFC 9112 §9.3.2), although the
// gateway answers most requests later, once the engine has, and pipelined requests may be answered
// out of order. RequestGuard announces each request as it reads it; its handler claims the next
// place in line (HttpExchange) and answers into it whenever it can. An answer waits until every
// earlier one is written. A request that ends the connection (Connection: close, HTTP/1.0, or one
// refused) gets Connection: close on its answer, after which the connection closes gracefully and
// nothing later is answered. A child of its socket.
class ResponseSequencer : public QObject
{
    Q_OBJECT

public:
    explicit ResponseSequencer(QTcpSocket *socket);

    // The socket's sequencer, or null (a socket the gate never admitted).
    static ResponseSequencer *of(QTcpSocket *socket);

    // The next request, in the order read; closeAfter: the connection ends with its answer. Returns
    // its ticket, for an answer that is not a handler's (a refusal).
    quint64 expect(bool closeAfter);
    // The handler of the next announced request takes its place: the ticket to answer with. 0 when
    // none is waiting to be claimed (the connection is closing): its answer is dropped.
    quint64 claim();
    void answer(quint64 ticket, int status, const QByteArray &contentType, const QByteArray &body,
                const HttpReply::Headers &headers = {}, bool closeConnection = false);
    // Requests announced and not yet answered on the wire.
    qsizetype pending() const { return qsizetype(m_slots.size()); }
    bool isClosing() const { return m_closing; }

    // Ends the connection without an answer once what is written has gone out: the client sees the
    // end, and input still arriving is read and dropped so that a reset cannot overtake the answer.
    static void closeGracefully(QTcpSocket *socket);

signals:
    // Every announced request has been answered on the wire.
    void drained();

private:
    struct Slot
    {
        quint64 ticket = 0;
        bool closeAfter = false;
        std::optional<QByteArray> response;
    };
    void flush();

    QPointer<QTcpSocket> m_socket;
    std::deque<Slot> m_slots; // oldest first
    quint64 m_nextTicket = 1;
    quint64 m_nextClaim = 1;
    bool m_closing = false;
};

} // namespace airdisplay
