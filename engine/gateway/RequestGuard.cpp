#include "RequestGuard.h"

#include "GatewayLogging.h"
#include "GatewayMetrics.h"
#include "HttpReply.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

namespace airdisplay {

namespace {
// A refused client gets this long to read the answer and stop sending.
constexpr int kLingerMs = 2000;
}

RequestGuard::RequestGuard(QTcpSocket *socket, qint64 maxBodyBytes, int maxHeaderBytes, GatewayMetrics &metrics)
    : QObject(socket), m_socket(socket), m_maxBody(maxBodyBytes), m_maxHeader(maxHeaderBytes), m_metrics(metrics)
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
}

void RequestGuard::onReadyRead()
{
    if (m_done)
        return;
    // Bytes QHttpServer has not read yet: it reads everything available after this slot returns.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < fresh.size() && !m_done) {
        if (m_bodyLeft > 0) {
            const qsizetype take = qsizetype(std::min<qint64>(m_bodyLeft, fresh.size() - pos));
            m_bodyLeft -= take;
            pos += take;
            continue;
        }
        const qsizetype before = m_header.size();
        m_header.append(fresh.constData() + pos, fresh.size() - pos);
        const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_header.size() > m_maxHeader)
                refuse(431, QStringLiteral("too_large"), QStringLiteral("The request headers exceed %1 bytes.").arg(m_maxHeader));
            return;
        }
        if (end + 4 > m_maxHeader) {
            refuse(431, QStringLiteral("too_large"), QStringLiteral("The request headers exceed %1 bytes.").arg(m_maxHeader));
            return;
        }
        pos += end + 4 - before;
        const QByteArray block = m_header.left(end);
        m_header.clear();
        if (!inspectHeaders(block))
            return;
    }
}

bool RequestGuard::inspectHeaders(const QByteArray &block)
{
    const QList<QByteArray> lines = block.split('\n');
    qint64 length = 0;
    bool upgrade = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 v = value.toLongLong(&ok);
            if (!ok || v < 0) {
                refuse(400, QStringLiteral("invalid_argument"), QStringLiteral("Content-Length is not a number."));
                return false;
            }
            length = v;
        } else if (name == "transfer-encoding") {
            refuse(411, QStringLiteral("length_required"),
                   QStringLiteral("Bodies must be sent with Content-Length; chunked transfer is not accepted."));
            return false;
        } else if (name == "upgrade" && value.toLower().contains("websocket")) {
            upgrade = true;
        }
    }
    if (length > m_maxBody) {
        refuse(413, QStringLiteral("too_large"),
               QStringLiteral("The request body has %1 bytes; at most %2 are accepted.").arg(length).arg(m_maxBody));
        return false;
    }
    if (upgrade && lines.value(0).startsWith("GET ")) {
        m_done = true;
        return false;
    }
    m_bodyLeft = length;
    return true;
}

void RequestGuard::refuse(int status, const QString &code, const QString &message)
{
    m_done = true;
    m_metrics.oversizeRequests.fetch_add(1, std::memory_order_relaxed);
    m_metrics.httpErrors.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcGateway) << "refusing a request from" << m_socket->peerAddress().toString() << ":" << message;
    // Disconnects QHttpServer's slot too, which has not run yet for these bytes: it never sees them.
    QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    const QJsonObject body{{QStringLiteral("error"),
                            QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    m_socket->write(HttpReply::build(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact),
                                     {}, true));
    // Closing with unread input makes the kernel send a reset, which can overtake the answer; so
    // the rest is read and dropped (never stored) until the client gives up or the linger ends.
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_socket->skip(m_socket->bytesAvailable()); });
    QTimer::singleShot(kLingerMs, m_socket, [socket = m_socket] { socket->abort(); });
}

} // namespace airdisplay
