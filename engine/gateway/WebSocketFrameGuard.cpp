#include "WebSocketFrameGuard.h"

#include "GatewayLogging.h"

#include <QAbstractSocket>
#include <QEvent>
#include <QHostAddress>
#include <QSocketNotifier>
#include <QStringDecoder>
#include <QTimer>
#include <QtEndian>

#include <sys/ioctl.h>
#include <sys/socket.h>

namespace airdisplay {

namespace {
// A client that broke the protocol gets this long to read the close frame.
constexpr int kCloseGraceMs = 1000;

enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
} // namespace

WebSocketFrameGuard *WebSocketFrameGuard::attach(QAbstractSocket *socket, qint64 maxFrameBytes)
{
    // The socket engine is the socket's child, its notifiers the engine's.
    for (QSocketNotifier *notifier : socket->findChildren<QSocketNotifier *>()) {
        if (notifier->type() == QSocketNotifier::Read && notifier->socket() == socket->socketDescriptor())
            return new WebSocketFrameGuard(socket, notifier, maxFrameBytes);
    }
    return nullptr;
}

WebSocketFrameGuard::WebSocketFrameGuard(QAbstractSocket *socket, QSocketNotifier *notifier, qint64 maxFrameBytes)
    : QObject(socket), m_socket(socket), m_notifier(notifier), m_maxFrameBytes(maxFrameBytes)
{
    notifier->installEventFilter(this);
}

bool WebSocketFrameGuard::isValidCloseCode(int code)
{
    // 1004-1006 and 1015 are never sent in a frame, 1012-2999 are unassigned or for extensions we
    // do not use; 3000-4999 belong to libraries and applications.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}

bool WebSocketFrameGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_notifier || event->type() != QEvent::SockAct)
        return false;
    const int fd = int(m_socket->socketDescriptor());
    int pending = 0;
    if (m_failed) {
        // Whatever else comes is dropped in the kernel's buffer's place, until the close.
        if (::ioctl(fd, FIONREAD, &pending) == 0 && pending > 0) {
            QByteArray drop(pending, Qt::Uninitialized);
            ::recv(fd, drop.data(), size_t(pending), MSG_DONTWAIT);
            return true;
        }
        return false;
    }
    // Nothing to read is the end of the stream or an error: QAbstractSocket finds out itself.
    if (::ioctl(fd, FIONREAD, &pending) != 0 || pending <= 0)
        return false;
    QByteArray fresh(pending, Qt::Uninitialized);
    const ssize_t got = ::recv(fd, fresh.data(), size_t(pending), MSG_DONTWAIT);
    if (got <= 0)
        return false;
    fresh.resize(qsizetype(got));
    m_partial.append(fresh);
    qsizetype whole = 0;
    while (whole < m_partial.size()) {
        const qint64 length = checkFrame(m_partial, whole);
        if (length < 0)
            return true;
        if (length == 0)
            break;
        whole += qsizetype(length);
    }
    if (whole == 0)
        return true;
    // After what QWebSocket left unread (the start of its buffer), then announced as Qt would.
    const QByteArray give = m_socket->readAll() + m_partial.left(whole);
    m_partial.remove(0, whole);
    for (qsizetype i = give.size() - 1; i >= 0; --i)
        m_socket->ungetChar(give.at(i));
    emit m_socket->readyRead();
    return true;
}

qint64 WebSocketFrameGuard::checkFrame(const QByteArray &bytes, qsizetype at)
{
    const qsizetype available = bytes.size() - at;
    if (available < 2)
        return 0;
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData() + at);
    const bool fin = p[0] & 0x80;
    const quint8 opcode = p[0] & 0x0F;
    if (p[0] & 0x70) {
        fail(1002, QStringLiteral("Reserved bits are set, and no extension was negotiated."));
        return -1;
    }
    if (!(p[1] & 0x80)) {
        fail(1002, QStringLiteral("Client frames must be masked (RFC 6455, section 5.1)."));
        return -1;
    }
    if (opcode != Continuation && opcode != Text && opcode != Binary && opcode != Close && opcode != Ping && opcode != Pong) {
        fail(1002, QStringLiteral("Unknown opcode %1.").arg(opcode));
        return -1;
    }
    quint64 length = p[1] & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (available < 4)
            return 0;
        length = qFromBigEndian<quint16>(p + 2);
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return 0;
        length = qFromBigEndian<quint64>(p + 2);
        header = 10;
    }
    if (opcode >= Close && (!fin || length > 125)) {
        fail(1002, QStringLiteral("Control frames must be whole and at most 125 bytes."));
        return -1;
    }
    if (length > quint64(m_maxFrameBytes)) {
        fail(1009, QStringLiteral("Frames may have at most %1 bytes.").arg(m_maxFrameBytes));
        return -1;
    }
    header += 4; // the masking key
    if (quint64(available) < quint64(header) + length)
        return 0;
    if (opcode == Close && length > 0) {
        const uchar *key = p + header - 4;
        QByteArray payload(qsizetype(length), Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char(p[header + i] ^ key[i % 4]);
        if (payload.size() == 1) {
            fail(1002, QStringLiteral("A close frame's body is a 2-byte code and a reason, not 1 byte."));
            return -1;
        }
        const int code = qFromBigEndian<quint16>(payload.constData());
        if (!isValidCloseCode(code)) {
            fail(1002, QStringLiteral("Invalid close code %1.").arg(code));
            return -1;
        }
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)utf8.decode(QByteArrayView(payload).sliced(2));
        if (utf8.hasError()) {
            fail(1007, QStringLiteral("The close reason is not UTF-8."));
            return -1;
        }
    }
    return qint64(header) + qint64(length);
}

void WebSocketFrameGuard::fail(quint16 code, const QString &reason)
{
    m_failed = true;
    m_partial.clear();
    qCInfo(lcGateway) << "closing a WebSocket from" << m_socket->peerAddress().toString() << "with" << code << ":" << reason;
    // Written straight to the socket, not through QWebSocket, which would give its own reasons. A
    // server frame is not masked.
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, payload.data());
    payload += reason.toUtf8().left(123);
    QByteArray frame;
    frame.append(char(0x80 | Close)).append(char(payload.size())).append(payload);
    m_socket->write(frame);
    m_socket->flush();
    m_socket->disconnectFromHost();
    QTimer::singleShot(kCloseGraceMs, m_socket, [socket = m_socket] { socket->abort(); });
}

} // namespace airdisplay
