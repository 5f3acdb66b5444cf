#include "CommitCutter.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>

namespace {

// Codes of the untyped packets a client may send before its startup message.
constexpr quint32 kSslRequest = 80877103;
constexpr quint32 kGssEncRequest = 80877104;

quint32 be32(const QByteArray &bytes, qsizetype at)
{
    return qFromBigEndian<quint32>(bytes.constData() + at);
}

// One proxied connection's state, kept on the client socket.
struct Link
{
    QByteArray pending;       // client bytes not yet framed
    bool startup = true;      // untyped packets until the startup message
    bool dropOnReply = false; // COMMIT forwarded: cut at the server's answer
};

} // namespace

CommitCutter::CommitCutter(QString serverHost, quint16 serverPort)
    : m_serverHost(std::move(serverHost)), m_serverPort(serverPort)
{
    m_thread.setObjectName(QStringLiteral("commit-cutter"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(m_context, [this] {
        m_listener = new QTcpServer(m_context);
        if (m_listener->listen(QHostAddress::LocalHost, 0))
            m_port = m_listener->serverPort();
        QObject::connect(m_listener, &QTcpServer::newConnection, m_context, [this] { accept(); });
    }, Qt::BlockingQueuedConnection);
}

CommitCutter::~CommitCutter()
{
    QMetaObject::invokeMethod(m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void CommitCutter::arm(Cut cut)
{
    m_armed.store(int(cut));
}

void CommitCutter::accept()
{
    while (QTcpSocket *client = m_listener->nextPendingConnection()) {
        auto *server = new QTcpSocket(client);
        auto link = std::make_shared<Link>();
        auto cutBoth = [client, server] {
            server->abort();
            client->abort();
            client->deleteLater();
        };
        QObject::connect(client, &QTcpSocket::readyRead, client, [this, client, server, link, cutBoth] {
            link->pending += client->readAll();
            for (;;) {
                if (link->startup) {
                    if (link->pending.size() < 8)
                        return;
                    const quint32 length = be32(link->pending, 0);
                    if (link->pending.size() < qsizetype(length))
                        return;
                    const quint32 code = be32(link->pending, 4);
                    server->write(link->pending.left(length));
                    link->pending.remove(0, length);
                    link->startup = code == kSslRequest || code == kGssEncRequest;
                    continue;
                }
                if (link->pending.size() < 5)
                    return;
                const qsizetype total = 1 + qsizetype(be32(link->pending, 1));
                if (link->pending.size() < total)
                    return;
                const QByteArray message = link->pending.left(total);
                link->pending.remove(0, total);
                if (message.at(0) == 'Q' && message.mid(5).trimmed().toUpper().startsWith("COMMIT")) {
                    const int cut = m_armed.exchange(-1);
                    if (cut == int(Cut::BeforeServerSeesIt)) {
                        m_cuts.fetch_add(1);
                        cutBoth();
                        return;
                    }
                    if (cut == int(Cut::AfterServerCommitted)) {
                        m_cuts.fetch_add(1);
                        link->dropOnReply = true;
                    }
                }
                server->write(message);
            }
        });
        QObject::connect(server, &QTcpSocket::readyRead, client, [client, server, link, cutBoth] {
            const QByteArray answer = server->readAll();
            if (link->dropOnReply) {
                cutBoth(); // the server answered, so it has committed; the client never learns it
                return;
            }
            client->write(answer);
        });
        QObject::connect(server, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        QObject::connect(client, &QTcpSocket::disconnected, client, [client, server] {
            server->disconnectFromHost();
            client->deleteLater();
        });
        server->connectToHost(m_serverHost, m_serverPort);
    }
}
