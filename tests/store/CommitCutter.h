#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>

class QTcpServer;
class QTcpSocket;

// A TCP proxy in front of the test PostgreSQL server that can cut a connection at its next COMMIT,
// the way a network failure or a server crash does. It follows the protocol's framing from the
// client (startup packets, then typed messages) and watches for a simple-query COMMIT, which is how
// Qt's driver commits. It runs on a thread of its own, so a test can wait for the store meanwhile.
class CommitCutter final
{
public:
    enum class Cut {
        AfterServerCommitted, // COMMIT reaches the server, which commits; its answer is lost
        BeforeServerSeesIt,   // the connection dies with COMMIT unsent: the server rolls back
    };

    CommitCutter(QString serverHost, quint16 serverPort);
    ~CommitCutter();
    CommitCutter(const CommitCutter &) = delete;
    CommitCutter &operator=(const CommitCutter &) = delete;

    // 0 if it could not listen.
    quint16 port() const { return m_port; }
    // Any thread: the next COMMIT on any connection is cut so.
    void arm(Cut cut);
    int cuts() const { return m_cuts.load(); }

private:
    void accept();

    const QString m_serverHost;
    const quint16 m_serverPort;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    QTcpServer *m_listener = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_armed{-1}; // a Cut, or -1
    std::atomic<int> m_cuts{0};
};
