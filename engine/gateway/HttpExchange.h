#pragma once

#include "HttpCompression.h"
#include "HttpReply.h"

#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>

namespace airdisplay {

class Error;
using ProtocolError = Error;

// One HTTP request's claim on its connection's answer: a small value that handlers copy into their
// continuations and answer through once, whenever the engine has answered. The answer reaches the
// wire in request order (ResponseSequencer); nothing is written if the connection is gone.
class HttpExchange
{
public:
    HttpExchange() = default;
    // Claims the socket's next request, as QHttpServer hands requests over in the order read.
    // accepted: the coding the request's Accept-Encoding allows (HttpCompression::negotiate).
    static HttpExchange begin(QTcpSocket *socket, HttpCompression::Coding accepted = HttpCompression::Coding::Identity);

    // A textual body of HttpCompression::kMinimumBytes or more is sent compressed in the accepted
    // coding, with Vary: Accept-Encoding whichever coding it goes in (a shared cache must not hand
    // gzip to a client that did not ask for it).
    void send(int status, const QByteArray &contentType, const QByteArray &body, const HttpReply::Headers &headers = {},
              bool closeConnection = false) const;
    // The body exactly as given: for one encoded already (the headers say how) or never to be.
    void sendAsIs(int status, const QByteArray &contentType, const QByteArray &body, const HttpReply::Headers &headers = {},
                  bool closeConnection = false) const;
    void sendJson(int status, const QJsonObject &body, const HttpReply::Headers &headers = {}) const;
    void sendError(const ProtocolError &error, const HttpReply::Headers &headers = {}, bool closeConnection = false) const;

    QTcpSocket *socket() const { return m_socket; }

private:
    QPointer<QTcpSocket> m_socket;
    quint64 m_ticket = 0; // 0: the socket has no sequencer, answers go straight out
    HttpCompression::Coding m_accepted = HttpCompression::Coding::Identity;
};

} // namespace airdisplay
