#pragma once

#include "CustomerAcknowledgement.h"
#include "CustomerStats.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <random>
#include <vector>

class QWebSocket;

namespace airdisplay {

// Simulated customers over the gateway's WebSocket protocol: `customers` connections with one
// operator (or admin) token submit DemoPhrases texts to random banners at a steady total rate,
// each with a request id. A submission that is not answered in time, or is answered with a
// transient error (rate_limited, unavailable, ...), is sent again with the same request id, so
// the gateway's idempotency keeps it from being enqueued twice.
class WebSocketCustomers : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int customers = 1;
        double submissionsPerSecond = 1;
        qint64 maxSubmissions = 0; // 0: no end
        qint64 answerTimeoutMs = 5000;
        quint64 seed = 1;
        bool ignoreSslErrors = false;
    };

    WebSocketCustomers(const QUrl &gateway, const QString &token, QList<qint64> bannerIds, Options options,
                       QObject *parent = nullptr);
    ~WebSocketCustomers() override;

    void start();
    void stop();

    const CustomerStats &stats() const { return m_stats; }
    qint64 retries() const { return m_retries; }
    qint64 waiting() const { return qint64(m_pending.size()); }

signals:
    void acknowledged(const airdisplay::CustomerAcknowledgement &ack);
    // Every one of maxSubmissions has its final answer.
    void finished();

private:
    struct Session
    {
        QWebSocket *socket = nullptr;
        bool ready = false;
        qint64 reconnectAtMs = -1;
    };

    struct Submission
    {
        qint64 bannerId = 0;
        QString text;
        qint64 firstSentMs = 0;
        qint64 lastSentMs = 0;
        qint64 retryAtMs = -1; // waiting to be sent again
        int attempts = 0;
        QElapsedTimer clock;
    };

    void tick();
    void open(size_t index);
    void onText(size_t index, QWebSocket *socket, const QString &text);
    void onLost(size_t index, QWebSocket *socket);
    void release(Session &session);
    bool transmit(const QString &requestId, Submission &submission, qint64 now);
    void checkFinished();
    qint64 nowMs() const;

    const QUrl m_url;
    const QString m_token;
    const QList<qint64> m_bannerIds;
    const Options m_options;
    const QString m_runId; // keeps request ids of separate runs with the same token apart
    std::vector<Session> m_sessions;
    QHash<QString, Submission> m_pending;
    QTimer m_tickTimer;
    std::mt19937_64 m_rng;
    CustomerStats m_stats;
    double m_credit = 0;
    qint64 m_lastTickMs = 0;
    qint64 m_created = 0;
    qint64 m_retries = 0;
    size_t m_nextSession = 0;
    bool m_running = false;
    bool m_finished = false;
};

} // namespace airdisplay
