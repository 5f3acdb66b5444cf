#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace airdisplay {

// Follows the HTTP/1.1 message framing of one connection's requests (RFC 9112), byte chunk by byte
// chunk, without buffering bodies: where each request's headers end, how long its body is, whether
// the connection ends after it, and which requests must be refused before anything buffers them.
// Pure (no sockets), so that it can be fuzzed and tested byte for byte; RequestGuard applies it.
//
// Refused, each ending the connection: a header block above maxHeaderBytes (431), a body declared
// above maxBodyBytes (413), Transfer-Encoding (411: no length to check up front), and a framing
// that two parties could read differently (400): a Content-Length that is not only digits or comes
// twice, whitespace before a header's colon, a folded header line, a malformed request line.
class HttpRequestFramer
{
public:
    struct Event
    {
        enum class Kind {
            Request, // a whole request (headers and body) ended at offset; framing stops after one
                     // with closeAfter
            Upgrade, // a WebSocket handshake's header block ended at offset: framing stops here
            Refused, // the request starting at offset (0: it began in an earlier chunk) is refused
        };
        Kind kind = Kind::Request;
        qsizetype offset = 0;   // into the chunk given to feed()
        bool closeAfter = false; // Request: the connection ends with this request's answer
        int status = 0;          // Refused
        QString code;            // Refused: the protocol's error code
        QString message;         // Refused
    };

    HttpRequestFramer(qint64 maxBodyBytes, int maxHeaderBytes);

    // The events within the next chunk of the connection's bytes, in order. After an Upgrade, a
    // Refused event or a request with closeAfter the framer is stopped and ignores the rest.
    QList<Event> feed(const char *data, qsizetype size);

    bool isStopped() const { return m_stopped; }

    // RFC 6455 §4.2.1: what makes a request a WebSocket handshake the server completes, beyond GET,
    // HTTP/1.1 and "Upgrade: websocket": a key that is 16 bytes in base64, and version 13. Anything
    // else is answered in HTTP (400 or 426), never with a silent close.
    static bool isWebSocketKey(QByteArrayView key);
    static bool isWebSocketVersion(QByteArrayView version) { return version.trimmed() == "13"; }
    // Part of a request (headers or body) has been read but not all of it.
    bool isMidRequest() const { return !m_header.isEmpty() || m_bodyLeft > 0; }

private:
    // Appends the events of one complete header block; false if it refused or stopped.
    bool inspect(const QByteArray &block, qsizetype endOffset, qsizetype startOffset, QList<Event> &events);
    void refuse(QList<Event> &events, qsizetype offset, int status, const QString &code, const QString &message);

    const qint64 m_maxBody;
    const int m_maxHeader;
    QByteArray m_header; // the current header block so far
    qint64 m_bodyLeft = 0;
    bool m_closeAfterBody = false; // the request whose body is being read ends the connection
    bool m_stopped = false;
};

} // namespace airdisplay
