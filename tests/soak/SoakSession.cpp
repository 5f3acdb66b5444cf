#include "SoakSession.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace airdisplay {

SoakSession::SoakSession(quint16 port, const QString &token, QObject *parent) : QObject(parent), m_token(token)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_socket.sendTextMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), m_token}})
                .toJson(QJsonDocument::Compact)));
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &SoakSession::onText);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_closed)
            return;
        m_closed = true;
        m_closeCode = m_socket.closeCode();
        emit closedWith(m_closeCode);
    });
    m_socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
}

void SoakSession::send(const QJsonObject &frame)
{
    if (!m_welcomed) {
        m_waiting.append(frame);
        return;
    }
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void SoakSession::abort()
{
    m_closed = true;
    m_socket.abort();
}

void SoakSession::onText(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("welcome")) {
        m_welcomed = true;
        const QList<QJsonObject> waiting = std::exchange(m_waiting, {});
        for (const QJsonObject &f : waiting)
            send(f);
        emit welcome();
    } else if (type == QLatin1String("ack")) {
        ++m_acks;
        emit acknowledged(frame);
    } else if (type == QLatin1String("error")) {
        ++m_errors[frame.value(QLatin1String("code")).toString()];
    } else if (type == QLatin1String("event") || type == QLatin1String("state")) {
        ++m_events;
    } else if (type == QLatin1String("events")) {
        m_events += frame.value(QLatin1String("count")).toInt();
    }
}

} // namespace airdisplay
