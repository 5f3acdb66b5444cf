#pragma once

#include <QByteArray>
#include <QObject>

class QAbstractSocket;
class QSocketNotifier;

namespace airdisplay {

// Holds a plain WebSocket connection's client frames to RFC 6455 before QWebSocket reads them:
// Qt 6.4's QWebSocket processes unmasked client frames and answers an invalid close code with a
// misleading reason. A client frame must be masked (§5.1), have no reserved bits (§5.2) and a known
// opcode; a control frame must be whole and at most 125 bytes (§5.5); a close frame's code must be
// one a peer may send (§7.4) and its reason UTF-8 (§5.5.1). Anything else is answered with a close
// frame naming the problem (1002, or 1007 for a reason that is not UTF-8, 1009 above the frame
// limit) and the connection ends; QWebSocket never sees the frame.
//
// QWebSocket reads the socket in a slot connected before any of ours, so the guard works one step
// earlier: an event filter on the socket's read notifier takes the new bytes from the kernel before
// QAbstractSocket does, checks them, adds the whole frames to what QWebSocket has not read yet and
// emits readyRead itself; a partial frame waits for the rest. (TLS sockets are not guarded: their
// kernel bytes are encrypted.) A child of the socket.
class WebSocketFrameGuard : public QObject
{
    Q_OBJECT

public:
    // Null if the socket's read notifier cannot be found (then nothing is guarded).
    static WebSocketFrameGuard *attach(QAbstractSocket *socket, qint64 maxFrameBytes);

    // RFC 6455 §7.4: the close codes a peer may send.
    static bool isValidCloseCode(int code);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    WebSocketFrameGuard(QAbstractSocket *socket, QSocketNotifier *notifier, qint64 maxFrameBytes);
    // The length of the whole frame at the front of bytes from at, 0 if it is not whole yet, -1 if
    // it breaks the protocol (the connection is then being closed).
    qint64 checkFrame(const QByteArray &bytes, qsizetype at);
    void fail(quint16 code, const QString &reason);

    QAbstractSocket *m_socket;
    QSocketNotifier *m_notifier;
    const qint64 m_maxFrameBytes;
    QByteArray m_partial; // the start of a frame not yet whole
    bool m_failed = false;
};

} // namespace airdisplay
