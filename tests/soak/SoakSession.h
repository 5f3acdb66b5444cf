#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QWebSocket>

namespace airdisplay {

// One WebSocket client of the soak: it authenticates with its token as soon as it is connected, then
// sends what it is given and counts what comes back (acknowledgements, errors by code, events, how
// it was closed). The soak aborts sessions in the middle of their commands and revokes their tokens:
// the counts are what it checks afterwards.
class SoakSession : public QObject
{
    Q_OBJECT

public:
    SoakSession(quint16 port, const QString &token, QObject *parent = nullptr);

    // Sent at once if welcomed, else as soon as the welcome arrives.
    void send(const QJsonObject &frame);
    // Drops the connection without a close handshake, as a client that loses its link does.
    void abort();

    bool welcomed() const { return m_welcomed; }
    bool closed() const { return m_closed; }
    int closeCode() const { return m_closeCode; }
    qint64 acks() const { return m_acks; }
    qint64 events() const { return m_events; }
    const QHash<QString, int> &errors() const { return m_errors; }

signals:
    void welcome();
    void acknowledged(const QJsonObject &ack);
    void closedWith(int code);

private:
    void onText(const QString &text);

    QWebSocket m_socket;
    QString m_token;
    QList<QJsonObject> m_waiting;
    bool m_welcomed = false;
    bool m_closed = false;
    int m_closeCode = -1;
    qint64 m_acks = 0;
    qint64 m_events = 0;
    QHash<QString, int> m_errors;
};

} // namespace airdisplay
