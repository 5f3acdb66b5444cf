#include "HttpRequestFramer.h"

#include <algorithm>
#include <optional>

namespace airdisplay {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 §5.6.2 tchar.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigits(QByteArrayView value)
{
    if (value.isEmpty())
        return false;
    for (char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// The comma-separated tokens of a Connection header, lower-cased.
bool hasToken(QByteArrayView value, QByteArrayView token)
{
    for (const QByteArray &part : value.toByteArray().split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpRequestFramer::Event marker(HttpRequestFramer::Event::Kind kind, qsizetype offset, bool closeAfter = false)
{
    HttpRequestFramer::Event e;
    e.kind = kind;
    e.offset = offset;
    e.closeAfter = closeAfter;
    return e;
}

} // namespace

HttpRequestFramer::HttpRequestFramer(qint64 maxBodyBytes, int maxHeaderBytes)
    : m_maxBody(maxBodyBytes), m_maxHeader(maxHeaderBytes)
{
}

QList<HttpRequestFramer::Event> HttpRequestFramer::feed(const char *data, qsizetype size)
{
    QList<Event> events;
    qsizetype pos = 0;
    while (pos < size && !m_stopped) {
        if (m_bodyLeft > 0) {
            const qsizetype take = qsizetype(std::min<qint64>(m_bodyLeft, size - pos));
            m_bodyLeft -= take;
            pos += take;
            if (m_bodyLeft == 0) {
                events.append(marker(Event::Kind::Request, pos, m_closeAfterBody));
                m_stopped = m_closeAfterBody;
            }
            continue;
        }
        // Empty lines before a request line are ignored (RFC 9112 §2.2).
        if (m_header.isEmpty() && (data[pos] == '\r' || data[pos] == '\n')) {
            ++pos;
            continue;
        }
        const qsizetype start = m_header.isEmpty() ? pos : 0;
        const qsizetype before = m_header.size();
        m_header.append(data + pos, size - pos);
        const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0 ? m_header.size() > m_maxHeader : end + 4 > m_maxHeader) {
            refuse(events, start, 431, QStringLiteral("too_large"),
                   QStringLiteral("The request headers exceed %1 bytes.").arg(m_maxHeader));
            break;
        }
        if (end < 0) {
            pos = size;
            break;
        }
        pos += end + 4 - before;
        const QByteArray block = m_header.left(end);
        m_header.clear();
        if (!inspect(block, pos, start, events))
            break;
    }
    return events;
}

bool HttpRequestFramer::inspect(const QByteArray &block, qsizetype endOffset, qsizetype startOffset, QList<Event> &events)
{
    auto bad = [&](const QString &message) {
        refuse(events, startOffset, 400, QStringLiteral("bad_request"), message);
        return false;
    };
    const QList<QByteArray> lines = block.split('\n');
    // request-line = method SP request-target SP HTTP-version
    const QByteArray requestLine = lines.first().endsWith('\r') ? lines.first().chopped(1) : lines.first();
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || !std::all_of(parts[0].cbegin(), parts[0].cend(), isTokenChar) || parts[2].size() != 8
        || !parts[2].startsWith("HTTP/1.") || parts[2][7] < '0' || parts[2][7] > '9')
        return bad(QStringLiteral("The request line is not \"METHOD target HTTP/1.x\"."));
    const bool http10 = parts[2] == "HTTP/1.0";

    std::optional<qint64> length;
    bool upgrade = false;
    bool webSocketKey = false;
    bool webSocketVersion = false;
    bool close = false;
    bool keepAlive = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.startsWith(' ') || line.startsWith('\t'))
            return bad(QStringLiteral("Folded header lines are not accepted."));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !std::all_of(line.cbegin(), line.cbegin() + colon, isTokenChar))
            return bad(QStringLiteral("A header line is not \"name: value\"."));
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            if (length)
                return bad(QStringLiteral("Content-Length is given more than once."));
            if (!isDigits(value))
                return bad(QStringLiteral("Content-Length must be digits only."));
            // More digits than a qint64 holds is more than any limit.
            length = value.size() > 18 ? m_maxBody + 1 : value.toLongLong();
        } else if (name == "transfer-encoding") {
            refuse(events, startOffset, 411, QStringLiteral("length_required"),
                   QStringLiteral("Bodies must be sent with Content-Length; chunked transfer is not accepted."));
            return false;
        } else if (name == "upgrade" && value.toLower().contains("websocket")) {
            upgrade = true;
        } else if (name == "sec-websocket-key") {
            webSocketKey = isWebSocketKey(value);
        } else if (name == "sec-websocket-version") {
            webSocketVersion = isWebSocketVersion(value);
        } else if (name == "connection") {
            close = close || hasToken(value, "close");
            keepAlive = keepAlive || hasToken(value, "keep-alive");
        }
    }
    if (length.value_or(0) > m_maxBody) {
        refuse(events, startOffset, 413, QStringLiteral("too_large"),
               QStringLiteral("The request body has %1 bytes; at most %2 are accepted.").arg(*length).arg(m_maxBody));
        return false;
    }
    // An incomplete handshake is an ordinary request: the /ws route answers it.
    if (upgrade && webSocketKey && webSocketVersion && parts[0] == "GET" && !http10) {
        events.append(marker(Event::Kind::Upgrade, endOffset));
        m_stopped = true;
        return false;
    }
    const bool closeAfter = close || (http10 && !keepAlive);
    m_bodyLeft = length.value_or(0);
    m_closeAfterBody = closeAfter;
    if (m_bodyLeft > 0)
        return true;
    events.append(marker(Event::Kind::Request, endOffset, closeAfter));
    m_stopped = closeAfter;
    return !closeAfter;
}

bool HttpRequestFramer::isWebSocketKey(QByteArrayView key)
{
    const QByteArray trimmed = key.trimmed().toByteArray();
    if (trimmed.size() != 24)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 16;
}

void HttpRequestFramer::refuse(QList<Event> &events, qsizetype offset, int status, const QString &code,
                               const QString &message)
{
    Event e;
    e.kind = Event::Kind::Refused;
    e.offset = offset;
    e.status = status;
    e.code = code;
    e.message = message;
    events.append(e);
    m_stopped = true;
}

} // namespace airdisplay
