#include "WebSocketCustomers.h"

#include "DemoPhrases.h"
#include "ProtocolFrames.h"
#include "SimLogging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace airdisplay {

namespace {
constexpr int kTickMs = 20;
constexpr qint64 kRetryAfterMs = 1000; // what the gateway's Retry-After asks for

QUrl withWebSocketPath(QUrl url)
{
    if (url.path().isEmpty() || url.path() == QLatin1String("/"))
        url.setPath(QStringLiteral("/ws"));
    return url;
}

// Answers after which the same submission may succeed: nothing was accepted.
bool isTransient(const QString &code)
{
    return code == QLatin1String("rate_limited") || code == QLatin1String("unavailable")
        || code == QLatin1String("store_failure") || code == QLatin1String("internal")
        || code == QLatin1String("too_many_connections");
}
} // namespace

WebSocketCustomers::WebSocketCustomers(const QUrl &gateway, const QString &token, QList<qint64> bannerIds,
                                       Options options, QObject *parent)
    : QObject(parent), m_url(withWebSocketPath(gateway)), m_token(token), m_bannerIds(std::move(bannerIds)),
      m_options(options), m_runId(QString::number(QDateTime::currentMSecsSinceEpoch(), 36)), m_rng(options.seed)
{
    m_sessions.resize(size_t(qMax(1, options.customers)));
    connect(&m_tickTimer, &QTimer::timeout, this, &WebSocketCustomers::tick);
}

WebSocketCustomers::~WebSocketCustomers()
{
    for (Session &s : m_sessions)
        release(s);
}

qint64 WebSocketCustomers::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void WebSocketCustomers::start()
{
    if (m_running || m_bannerIds.isEmpty())
        return;
    m_running = true;
    m_lastTickMs = nowMs();
    for (size_t i = 0; i < m_sessions.size(); ++i)
        open(i);
    m_tickTimer.start(kTickMs);
}

void WebSocketCustomers::stop()
{
    m_running = false;
    m_tickTimer.stop();
    for (Session &s : m_sessions) {
        if (s.socket)
            s.socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("simulator stopping"));
    }
}

void WebSocketCustomers::open(size_t index)
{
    Session &session = m_sessions[index];
    release(session);
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    session.socket = socket;
    session.ready = false;
    session.reconnectAtMs = -1;
    connect(socket, &QWebSocket::connected, this, [socket, this] { socket->sendTextMessage(ProtocolFrames::auth(m_token)); });
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, index, socket](const QString &text) { onText(index, socket, text); });
    connect(socket, &QWebSocket::disconnected, this, [this, index, socket] { onLost(index, socket); });
    // Qt 6.4 names the signal error(); errorOccurred() arrives in 6.5.
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this, index, socket] { onLost(index, socket); });
    if (m_options.ignoreSslErrors)
        connect(socket, &QWebSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    socket->open(m_url);
}

void WebSocketCustomers::release(Session &session)
{
    if (!session.socket)
        return;
    session.socket->disconnect(this);
    if (session.socket->state() != QAbstractSocket::UnconnectedState)
        session.socket->abort();
    session.socket->deleteLater();
    session.socket = nullptr;
    session.ready = false;
}

void WebSocketCustomers::onLost(size_t index, QWebSocket *socket)
{
    Session &session = m_sessions[index];
    if (session.socket != socket)
        return;
    release(session);
    if (!m_running)
        return;
    // Submissions in flight on this connection are answered by their timeout: they are sent again
    // with the same request id, and the gateway answers a retry of an accepted one with its first answer.
    std::uniform_int_distribution<qint64> jitter(500, 1500);
    session.reconnectAtMs = nowMs() + jitter(m_rng);
}

void WebSocketCustomers::onText(size_t index, QWebSocket *socket, const QString &text)
{
    Session &session = m_sessions[index];
    if (session.socket != socket)
        return;
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("welcome")) {
        session.ready = true;
        return;
    }
    const QString requestId = frame.value(QLatin1String("id")).toString();
    if (type == QLatin1String("error") && requestId.isEmpty()) {
        const QString code = frame.value(QLatin1String("code")).toString();
        m_stats.failed(code);
        if (code == QLatin1String("invalid_token")) {
            qCCritical(lcSim) << "the customers' token is invalid; no submissions";
            stop();
        }
        return;
    }
    auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return; // the answer to an attempt that was already answered
    const qint64 now = nowMs();
    if (type == QLatin1String("ack")) {
        CustomerAcknowledgement ack;
        ack.bannerId = it->bannerId;
        ack.messageId = qint64(frame.value(QLatin1String("messageId")).toDouble());
        ack.requestId = requestId;
        ack.sentMs = it->firstSentMs;
        ack.ackMs = now;
        ack.attempts = it->attempts;
        ack.duplicate = frame.value(QLatin1String("duplicate")).toBool();
        m_stats.acknowledged(it->clock.nsecsElapsed() / 1000);
        m_pending.erase(it);
        emit acknowledged(ack);
    } else if (type == QLatin1String("error")) {
        const QString code = frame.value(QLatin1String("code")).toString();
        m_stats.failed(code);
        if (isTransient(code))
            it->retryAtMs = now + kRetryAfterMs;
        else
            m_pending.erase(it);
    }
    checkFinished();
}

bool WebSocketCustomers::transmit(const QString &requestId, Submission &submission, qint64 now)
{
    for (size_t tried = 0; tried < m_sessions.size(); ++tried) {
        Session &session = m_sessions[m_nextSession++ % m_sessions.size()];
        if (!session.ready)
            continue;
        session.socket->sendTextMessage(ProtocolFrames::submit(submission.bannerId, submission.text, requestId));
        if (++submission.attempts > 1)
            ++m_retries;
        submission.lastSentMs = now;
        submission.retryAtMs = -1;
        return true;
    }
    return false;
}

void WebSocketCustomers::tick()
{
    const qint64 now = nowMs();
    for (size_t i = 0; i < m_sessions.size(); ++i) {
        if (!m_sessions[i].socket && m_sessions[i].reconnectAtMs >= 0 && now >= m_sessions[i].reconnectAtMs)
            open(i);
    }

    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        Submission &s = it.value();
        if (s.retryAtMs < 0 && s.attempts > 0 && now - s.lastSentMs >= m_options.answerTimeoutMs) {
            m_stats.failed(QStringLiteral("timeout"));
            s.retryAtMs = now;
        }
        if (s.retryAtMs >= 0 && now >= s.retryAtMs)
            transmit(it.key(), s, now);
    }

    // New submissions at the configured rate; credit does not pile up while no connection is ready.
    m_credit = qMin(m_credit + m_options.submissionsPerSecond * double(now - m_lastTickMs) / 1000.0,
                    qMax(1.0, m_options.submissionsPerSecond));
    m_lastTickMs = now;
    const QStringList &phrases = DemoPhrases::all();
    std::uniform_int_distribution<qsizetype> pickBanner(0, m_bannerIds.size() - 1);
    std::uniform_int_distribution<qsizetype> pickPhrase(0, phrases.size() - 1);
    while (m_credit >= 1.0 && (m_options.maxSubmissions == 0 || m_created < m_options.maxSubmissions)) {
        Submission s;
        s.bannerId = m_bannerIds[pickBanner(m_rng)];
        s.text = phrases[pickPhrase(m_rng)];
        s.firstSentMs = now;
        s.clock.start();
        const QString requestId = QStringLiteral("sim-%1-%2").arg(m_runId).arg(m_created + 1);
        if (!transmit(requestId, s, now))
            break;
        m_credit -= 1.0;
        ++m_created;
        m_stats.sent();
        m_pending.insert(requestId, s);
    }
    checkFinished();
}

void WebSocketCustomers::checkFinished()
{
    if (!m_finished && m_options.maxSubmissions > 0 && m_created >= m_options.maxSubmissions && m_pending.isEmpty()) {
        m_finished = true;
        emit finished();
    }
}

} // namespace airdisplay
