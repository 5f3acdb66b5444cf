#include "WebSocketFleet.h"

#include "ProtocolFrames.h"
#include "SimLogging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

#include <algorithm>

namespace airdisplay {

namespace {
constexpr qint64 kTickMs = 20;
// A handshake that has not reached the gateway's welcome by then is given up and tried again later.
constexpr qint64 kHandshakeTimeoutMs = 10'000;

QUrl withWebSocketPath(QUrl url)
{
    if (url.path().isEmpty() || url.path() == QLatin1String("/"))
        url.setPath(QStringLiteral("/ws"));
    return url;
}
} // namespace

WebSocketFleet::WebSocketFleet(const QUrl &gateway, const QList<DeviceCredential> &credentials,
                               SimulationOptions options, QObject *parent)
    : QObject(parent), m_url(withWebSocketPath(gateway)), m_options(options),
      // Fleets of one run differ in their first banner: their faults must not fall in step.
      // The timer is a child so that it moves with the fleet to the fleet's thread.
      m_tickTimer(this),
      m_rng(options.seed * 0x9e3779b97f4a7c15ull + quint64(credentials.isEmpty() ? 0 : credentials.first().bannerId))
{
    const qint64 now = nowMs();
    m_devices.reserve(size_t(credentials.size()));
    m_tokens.reserve(size_t(credentials.size()));
    for (const DeviceCredential &c : credentials) {
        m_devices.push_back(SimulatedDevice::forBanner(c.bannerId, options.seed, now));
        m_tokens.push_back(c.token);
    }
    m_links.resize(m_devices.size());
    m_slots = qMax<qint64>(1, m_options.telemetryInterval.count() / kTickMs);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, &WebSocketFleet::tick);
}

WebSocketFleet::~WebSocketFleet()
{
    for (Link &link : m_links)
        release(link);
}

qint64 WebSocketFleet::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void WebSocketFleet::start()
{
    if (m_running)
        return;
    m_running = true;
    m_startMs = nowMs();
    m_nextSlot = 0;
    for (size_t i = 0; i < m_links.size(); ++i) {
        m_links[i].state = LinkState::Queued;
        m_connectQueue.push_back(i);
    }
    openConnections();
    m_tickTimer.start(int(kTickMs));
}

void WebSocketFleet::stop()
{
    m_running = false;
    m_tickTimer.stop();
    m_connectQueue.clear();
    m_reconnecting.clear();
    for (Link &link : m_links) {
        if (link.state == LinkState::Online)
            link.socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("simulator stopping"));
        else
            release(link); // a handshake half done has nothing to close
    }
}

void WebSocketFleet::tick()
{
    const qint64 now = nowMs();
    // Slices are due by the clock, not by timer count, so a late timer does not slow telemetry
    // down; after a long stall (more than a whole interval) the backlog is dropped, not burst.
    const qint64 dueSlot = (now - m_startMs) / kTickMs;
    if (dueSlot - m_nextSlot > m_slots)
        m_nextSlot = dueSlot - m_slots;
    for (; m_nextSlot <= dueSlot; ++m_nextSlot) {
        for (size_t i = size_t(m_nextSlot % m_slots); i < m_devices.size(); i += size_t(m_slots))
            visit(i, now);
    }

    auto due = std::partition(m_reconnecting.begin(), m_reconnecting.end(),
                              [&](size_t i) { return m_links[i].reconnectAtMs > now; });
    for (auto it = due; it != m_reconnecting.end(); ++it) {
        m_links[*it].state = LinkState::Queued;
        m_links[*it].reconnectAtMs = -1;
        m_connectQueue.push_back(*it);
    }
    m_reconnecting.erase(due, m_reconnecting.end());
    openConnections();
    confirmDue(now);
}

void WebSocketFleet::visit(size_t index, qint64 now)
{
    Link &link = m_links[index];
    if (link.state == LinkState::Connecting && now - link.openedAtMs > kHandshakeTimeoutMs) {
        onLost(index, link.socket, QStringLiteral("handshake timeout"));
        return;
    }
    if (link.state != LinkState::Online)
        return;
    if (m_options.linkDropProbability > 0 && std::bernoulli_distribution(m_options.linkDropProbability)(m_rng)) {
        dropLink(index, now);
        return;
    }
    send(link, ProtocolFrames::telemetry(m_devices[index].telemetryAt(now)));
    ++link.telemetrySent;
    ++m_telemetrySent;
    // Devices ping in turn, spread over the interval: the pong's id is the telemetry count it covers.
    const qint64 pingEvery = qMax<qint64>(1, m_pingIntervalMs / qMax<qint64>(1, m_options.telemetryInterval.count()));
    if (m_pingIntervalMs > 0 && ++link.visits % pingEvery == qint64(index) % pingEvery)
        send(link, ProtocolFrames::ping(link.telemetrySent));
}

void WebSocketFleet::openConnections()
{
    while (m_connecting < m_connectConcurrency && !m_connectQueue.empty()) {
        const size_t i = m_connectQueue.front();
        m_connectQueue.pop_front();
        open(i);
    }
}

void WebSocketFleet::open(size_t index)
{
    Link &link = m_links[index];
    release(link);
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    link.socket = socket;
    link.state = LinkState::Connecting;
    link.openedAtMs = nowMs();
    link.telemetrySent = 0;
    link.telemetryAbsorbed = 0;
    ++m_connecting;
    connect(socket, &QWebSocket::connected, this, [this, index, socket] {
        if (m_links[index].socket == socket)
            send(m_links[index], ProtocolFrames::auth(m_tokens[index]));
    });
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, index, socket](const QString &text) { onText(index, socket, text); });
    connect(socket, &QWebSocket::disconnected, this, [this, index, socket] {
        onLost(index, socket, socket->closeCode() == QWebSocketProtocol::CloseCodeNormal ? QString()
                                                                                            : QString::number(int(socket->closeCode())));
    });
    // Qt 6.4 names the signal error(); errorOccurred() arrives in 6.5.
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this, index, socket](QAbstractSocket::SocketError) {
        onLost(index, socket, QStringLiteral("socket: ") + socket->errorString());
    });
    if (m_ignoreSslErrors)
        connect(socket, &QWebSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    socket->open(m_url);
}

void WebSocketFleet::onText(size_t index, QWebSocket *socket, const QString &text)
{
    Link &link = m_links[index];
    if (link.socket != socket)
        return;
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(QLatin1String("type")).toString();
    SimulatedDevice &device = m_devices[index];
    const qint64 now = nowMs();
    if (type == QLatin1String("pong")) {
        const qint64 covered = qint64(frame.value(QLatin1String("id")).toDouble());
        if (covered > link.telemetryAbsorbed) {
            m_telemetryAbsorbed += covered - link.telemetryAbsorbed;
            link.telemetryAbsorbed = covered;
        }
    } else if (type == QLatin1String("show")) {
        ++m_showCommands;
        device.show(qint64(frame.value(QLatin1String("messageId")).toDouble()), frame.value(QLatin1String("text")).toString(),
                    SimulatedDevice::confirmationAtMs(m_options, now, m_rng));
        m_awaitingConfirmation.push_back(index);
    } else if (type == QLatin1String("blank")) {
        ++m_blankCommands;
        device.blank(SimulatedDevice::confirmationAtMs(m_options, now, m_rng));
        m_awaitingConfirmation.push_back(index);
    } else if (type == QLatin1String("welcome")) {
        onConnected(index);
    } else if (type == QLatin1String("error")) {
        const QString code = frame.value(QLatin1String("code")).toString();
        countError(code);
        if (code == QLatin1String("invalid_token")) {
            qCWarning(lcSim) << "banner" << device.bannerId() << "has an invalid device token; it stays offline";
            if (link.state == LinkState::Connecting)
                --m_connecting;
            link.state = LinkState::Failed;
            release(link);
        }
    }
}

void WebSocketFleet::onConnected(size_t index)
{
    Link &link = m_links[index];
    if (link.state != LinkState::Connecting)
        return;
    --m_connecting;
    link.state = LinkState::Online;
    SimulatedDevice &device = m_devices[index];
    device.setConnected(true);
    device.setReconnectAttempts(0);
    ++m_online;
    ++m_connections;
    send(link, ProtocolFrames::hello(device.showing()));
    openConnections();
    if (!m_everyoneOnline && m_online.load(std::memory_order_relaxed) == int(m_devices.size())) {
        m_everyoneOnline = true;
        emit allConnected();
    }
}

void WebSocketFleet::onLost(size_t index, QWebSocket *socket, const QString &reason)
{
    Link &link = m_links[index];
    if (link.socket != socket || link.state == LinkState::Idle || link.state == LinkState::Failed)
        return;
    if (!reason.isEmpty())
        countError(reason);
    if (link.state == LinkState::Connecting)
        --m_connecting;
    if (link.state == LinkState::Online) {
        --m_online;
        ++m_linkLosses;
        m_devices[index].setConnected(false);
    }
    link.state = LinkState::Idle;
    release(link);
    if (m_running)
        scheduleReconnect(index, nowMs());
}

void WebSocketFleet::countError(const QString &code)
{
    std::lock_guard lock(m_errorsMutex);
    ++m_errors[code];
}

QMap<QString, qint64> WebSocketFleet::errors() const
{
    std::lock_guard lock(m_errorsMutex);
    return m_errors;
}

void WebSocketFleet::dropLink(size_t index, qint64 now)
{
    // A radio link that goes away: the socket is cut, not closed, and the device keeps showing
    // whatever it shows until it is back.
    Link &link = m_links[index];
    ++m_injectedDrops;
    ++m_linkLosses;
    --m_online;
    m_devices[index].setConnected(false);
    link.state = LinkState::Idle;
    link.socket->abort();
    release(link);
    scheduleReconnect(index, now);
}

void WebSocketFleet::scheduleReconnect(size_t index, qint64 now)
{
    SimulatedDevice &device = m_devices[index];
    m_links[index].reconnectAtMs = now + device.reconnectDelayMs(m_rng);
    device.setReconnectAttempts(device.reconnectAttempts() + 1);
    m_reconnecting.push_back(index);
}

void WebSocketFleet::release(Link &link)
{
    if (!link.socket)
        return;
    // Signals of a socket being let go must not reach its successor; it is deleted once its own
    // signal handlers (possibly this very call) have returned.
    link.socket->disconnect(this);
    if (link.socket->state() != QAbstractSocket::UnconnectedState)
        link.socket->abort();
    link.socket->deleteLater();
    link.socket = nullptr;
}

void WebSocketFleet::send(Link &link, const QString &frame)
{
    if (link.socket)
        link.socket->sendTextMessage(frame);
}

void WebSocketFleet::confirmDue(qint64 now)
{
    auto due = std::partition(m_awaitingConfirmation.begin(), m_awaitingConfirmation.end(), [&](size_t i) {
        const qint64 at = m_devices[i].nextConfirmationAtMs();
        return at >= 0 && at > now;
    });
    std::vector<size_t> ready(due, m_awaitingConfirmation.end());
    m_awaitingConfirmation.erase(due, m_awaitingConfirmation.end());
    for (size_t i : ready) {
        SimulatedDevice &device = m_devices[i];
        const auto confirmation = device.takeDueConfirmation(now);
        // The display changes whether or not the link is up; a device that is offline now reports
        // what it shows in its next hello.
        if (!confirmation || m_links[i].state != LinkState::Online)
            continue;
        ++m_confirmationsSent;
        if (confirmation->kind == SimulatedDevice::Confirmation::Kind::Displayed)
            send(m_links[i], ProtocolFrames::displayed(confirmation->messageId));
        else
            send(m_links[i], ProtocolFrames::blanked());
    }
}

} // namespace airdisplay
