#include "HttpExchange.h"

#include "ProtocolError.h"
#include "ResponseSequencer.h"

#include <QJsonDocument>

namespace airdisplay {

HttpExchange HttpExchange::begin(QTcpSocket *socket, HttpCompression::Coding accepted)
{
    HttpExchange exchange;
    exchange.m_socket = socket;
    exchange.m_accepted = accepted;
    if (ResponseSequencer *sequencer = ResponseSequencer::of(socket))
        exchange.m_ticket = sequencer->claim();
    return exchange;
}

void HttpExchange::send(int status, const QByteArray &contentType, const QByteArray &body,
                        const HttpReply::Headers &headers, bool closeConnection) const
{
    if (!m_socket)
        return;
    if (body.size() < HttpCompression::kMinimumBytes || !HttpCompression::isCompressible(contentType))
        return sendAsIs(status, contentType, body, headers, closeConnection);
    HttpReply::Headers varied = headers;
    varied.emplaceBack("Vary", "Accept-Encoding");
    if (m_accepted != HttpCompression::Coding::Identity) {
        const QByteArray compressed = HttpCompression::encode(body, m_accepted, HttpCompression::kDynamicLevel);
        if (!compressed.isEmpty() && compressed.size() < body.size()) {
            varied.emplaceBack("Content-Encoding", HttpCompression::name(m_accepted));
            return sendAsIs(status, contentType, compressed, varied, closeConnection);
        }
    }
    sendAsIs(status, contentType, body, varied, closeConnection);
}

void HttpExchange::sendAsIs(int status, const QByteArray &contentType, const QByteArray &body,
                            const HttpReply::Headers &headers, bool closeConnection) const
{
    if (!m_socket)
        return;
    if (ResponseSequencer *sequencer = ResponseSequencer::of(m_socket)) {
        sequencer->answer(m_ticket, status, contentType, body, headers, closeConnection);
        return;
    }
    HttpReply::send(m_socket, status, contentType, body, headers, closeConnection);
}

void HttpExchange::sendJson(int status, const QJsonObject &body, const HttpReply::Headers &headers) const
{
    send(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

void HttpExchange::sendError(const ProtocolError &error, const HttpReply::Headers &headers, bool closeConnection) const
{
    send(error.httpStatus(), "application/json",
         QJsonDocument(HttpReply::errorBody(error)).toJson(QJsonDocument::Compact), headers, closeConnection);
}

} // namespace airdisplay
