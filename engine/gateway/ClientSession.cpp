#include "ClientSession.h"

#include "AccessPolicy.h"
#include "BannerState.h"
#include "CloseCode.h"
#include "DeviceChannel.h"
#include "EventFanout.h"
#include "FleetIndex.h"
#include "FleetEngine.h"
#include "GatewayContext.h"
#include "GatewayLogging.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "ProtocolDecoder.h"
#include "ProtocolEncoder.h"
#include "RateLimiter.h"
#include "SessionInbox.h"
#include "WebSocketWire.h"
#include "TokenService.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QPointer>

#include <numeric>

namespace airdisplay {

namespace {
// After a close frame, a client that does not answer (it may not be reading at all) is cut off.
constexpr int kCloseGraceMs = 1000;
// Frames a client may send after its auth before the welcome (they wait for the token's check).
constexpr qsizetype kMaxWaitingForAuth = 64;
}

ClientSession::ClientSession(std::unique_ptr<QWebSocket> socket, QAbstractSocket *wire, GatewayContext &context,
                             QObject *parent)
    : QObject(parent), m_socket(std::move(socket)), m_wire(wire), m_context(context)
{
    const GatewayOptions &o = *context.options;
    m_inbox = std::make_shared<SessionInbox>(this, o.maxPendingEvents, o.maxCoalescedBanners);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(o.maxWebSocketMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(o.maxWebSocketMessageBytes));
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &ClientSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &ClientSession::onBinary);
    connect(m_socket.get(), &QWebSocket::disconnected, this, &ClientSession::onDisconnected);
    connect(m_socket.get(), &QWebSocket::bytesWritten, this, &ClientSession::onBytesWritten);

    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this, [this] {
        m_context.metrics->authFailures.fetch_add(1, std::memory_order_relaxed);
        closeWith(CloseCode::AuthenticationFailed, QStringLiteral("authentication timeout"));
    });
    m_authTimer.start(o.authTimeoutMs);
    m_slowTimer.setSingleShot(true);
    connect(&m_slowTimer, &QTimer::timeout, this, [this] {
        if (!m_lagging)
            return;
        qCInfo(lcGateway) << "closing slow client" << m_socket->peerAddress().toString() << "owing" << m_owed.size()
                          << "banners";
        m_context.metrics->slowClientsClosed.fetch_add(1, std::memory_order_relaxed);
        closeWith(CloseCode::SlowConsumer, QStringLiteral("slow consumer"));
    });
    // A catching-up subscription asks now and then whether it has reached the live events.
    m_handoverTimer.setInterval(100);
    connect(&m_handoverTimer, &QTimer::timeout, this, &ClientSession::handOverToFanout);
    m_context.metrics->webSocketSessions.fetch_add(1, std::memory_order_relaxed);
}

ClientSession::~ClientSession()
{
    if (m_fanned && m_context.fanout)
        m_context.fanout->remove(this);
    m_inbox->detach();
    if (m_subscription)
        m_context.engine->unsubscribe(*m_subscription);
    m_context.metrics->webSocketSessions.fetch_sub(1, std::memory_order_relaxed);
}

// After it, no event reaches this session from the fanout or its own engine subscription.
bool ClientSession::leaveEvents()
{
    if (m_fanned) {
        m_context.fanout->remove(this);
        m_fanned = false;
    }
    if (!m_subscription)
        return false;
    m_context.engine->unsubscribe(*m_subscription);
    m_subscription.reset();
    return true;
}

void ClientSession::onDisconnected()
{
    // Nothing more is read, and frames still waiting for the token's check are never run.
    m_closing = true;
    m_waitingForAuth.clear();
    leaveEvents();
    if (m_device && m_principal) {
        m_context.engine->deviceDisconnected(m_principal->bannerId, m_device.get());
        if (m_context.devices.value(m_principal->bannerId) == this)
            m_context.devices.remove(m_principal->bannerId);
    }
    m_inbox->detach();
    deleteLater();
}

void ClientSession::goAway()
{
    m_socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("gateway stopping"));
}

void ClientSession::replace()
{
    closeWith(CloseCode::Replaced, QStringLiteral("replaced by a newer connection"));
}

void ClientSession::closeWith(CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    if (m_fanned) {
        m_context.fanout->remove(this);
        m_fanned = false;
    }
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    QTimer::singleShot(kCloseGraceMs, this, [this] { m_socket->abort(); });
}

void ClientSession::onBinary(const QByteArray &)
{
    m_context.metrics->framesIn.fetch_add(1, std::memory_order_relaxed);
    sendError(QJsonValue(), {ProtocolError::Code::BinaryFrame, QStringLiteral("Frames are JSON text; binary frames are not accepted.")});
}

void ClientSession::onText(const QString &message)
{
    if (m_closing)
        return;
    m_context.metrics->framesIn.fetch_add(1, std::memory_order_relaxed);
    const QByteArray utf8 = message.toUtf8();
    const ProtocolDecoder::Decoded<GatewayCommand> decoded = m_context.decoder->decodeFrame(utf8);
    if (!decoded.ok()) {
        sendError(decoded.id, decoded.error);
        return;
    }
    if (m_authenticating) {
        if (m_waitingForAuth.size() >= kMaxWaitingForAuth) {
            sendError(decoded.id, {ProtocolError::Code::RateLimited,
                                   QStringLiteral("The token is still being checked: wait for the welcome before sending"
                                                  " more than %1 frames.").arg(kMaxWaitingForAuth)});
            return;
        }
        m_waitingForAuth.append(decoded.value);
        return;
    }
    handle(decoded.value);
}

void ClientSession::handle(const GatewayCommand &command)
{
    using Type = GatewayCommand::Type;
    if (command.type == Type::Auth) {
        authenticate(command);
        return;
    }
    // Everything but auth needs it, ping too: an unauthenticated connection gets nothing that
    // would let it look alive.
    if (!m_principal) {
        sendError(command.id, {ProtocolError::Code::Unauthenticated, QStringLiteral("Send \"auth\" with a token first.")});
        return;
    }
    if (command.type == Type::Ping) {
        QJsonObject pong{{QStringLiteral("type"), QStringLiteral("pong")}};
        if (!command.id.isUndefined())
            pong.insert(QStringLiteral("id"), command.id);
        sendJson(pong);
        return;
    }
    if (!m_context.rateLimiter->tryAcquire(m_principal->tokenId, QDateTime::currentMSecsSinceEpoch())) {
        m_context.metrics->rateLimited.fetch_add(1, std::memory_order_relaxed);
        sendError(command.id, {ProtocolError::Code::RateLimited, QStringLiteral("Rate limit of this token reached; slow down.")});
        return;
    }
    if (command.type == Type::Unsubscribe) {
        unsubscribe();
        sendJson({{QStringLiteral("type"), QStringLiteral("ack")}, {QStringLiteral("op"), QStringLiteral("unsubscribe")},
                  {QStringLiteral("id"), command.id}});
        return;
    }

    GatewayCommand c = command;
    // A device's own frames name no banner: they are about the one its token is bound to.
    const bool aboutOwnBanner = c.type == Type::Hello || c.type == Type::Telemetry
            || (c.type == Type::Banner && commandTarget(c.command) == CommandTarget::Device);
    if (aboutOwnBanner)
        c.bannerId = m_principal->role == Role::Device ? m_principal->bannerId : 0;
    ProtocolError denied;
    switch (c.type) {
    case Type::Subscribe: denied = AccessPolicy::check(*m_principal, Operation::Subscribe, m_principal->bannerId); break;
    case Type::Hello: denied = AccessPolicy::check(*m_principal, Operation::DeviceHello, c.bannerId); break;
    case Type::Telemetry: denied = AccessPolicy::check(*m_principal, Operation::DeviceTelemetry, c.bannerId); break;
    case Type::Banner: denied = AccessPolicy::check(*m_principal, c.command, c.bannerId); break;
    case Type::Auth:
    case Type::Unsubscribe:
    case Type::Ping: break; // handled above
    }
    if (denied.isError()) {
        sendError(c.id, denied);
        return;
    }
    switch (c.type) {
    case Type::Subscribe:
        subscribe(c);
        return;
    case Type::Telemetry: {
        TelemetryRecord t = c.telemetry;
        t.bannerId = c.bannerId;
        t.atMs = QDateTime::currentMSecsSinceEpoch();
        m_context.engine->telemetry(t);
        return; // soft state, sent often: no answer
    }
    case Type::Hello:
        // A message id names its banner: a device cannot claim to show another banner's message.
        if (c.showing && BannerState::bannerOfMessage(*c.showing) != c.bannerId) {
            sendError(c.id, {ProtocolError::Code::WrongBanner,
                             QStringLiteral("Message %1 belongs to banner %2, not to this device's banner %3.")
                                 .arg(*c.showing)
                                 .arg(BannerState::bannerOfMessage(*c.showing))
                                 .arg(c.bannerId)});
            return;
        }
        if (!m_device) {
            m_device = std::make_shared<DeviceChannel>(m_inbox);
            if (ClientSession *previous = m_context.devices.value(c.bannerId); previous && previous != this)
                previous->replace();
            m_context.devices.insert(c.bannerId, this);
        }
        answer(c, m_context.engine->deviceConnected(c.bannerId, m_device, c.showing));
        return;
    case Type::Banner:
        answer(c, m_context.engine->execute(c.bannerId, c.command, m_principal->author()));
        return;
    case Type::Auth:
    case Type::Unsubscribe:
    case Type::Ping: break;
    }
}

void ClientSession::authenticate(const GatewayCommand &command)
{
    if (m_principal) {
        sendError(command.id, {ProtocolError::Code::AlreadyAuthenticated, QStringLiteral("This connection is already authenticated.")});
        return;
    }
    // Checked on the token service's thread: the gateway thread serves the others meanwhile, and
    // this session's next frames wait for the answer.
    m_authenticating = true;
    m_context.tokens->verify(command.token).then(this, [this, id = command.id](const TokenService::Verified &verified) {
        authenticated(id, verified);
    });
}

void ClientSession::authenticated(const QJsonValue &id, const StoreResult<std::optional<Principal>> &verified)
{
    m_authenticating = false;
    if (m_closing)
        return;
    if (!verified) {
        qCWarning(lcGateway) << "token check failed:" << verified.error().message();
        sendError(id, {ProtocolError::Code::Internal, QStringLiteral("The token could not be checked; retry later.")});
    } else if (!verified.value()) {
        m_context.metrics->authFailures.fetch_add(1, std::memory_order_relaxed);
        sendError(id, {ProtocolError::Code::InvalidToken, QStringLiteral("The token is unknown or revoked.")});
        closeWith(CloseCode::AuthenticationFailed, QStringLiteral("invalid token"));
        m_waitingForAuth.clear();
        return;
    } else {
        m_authTimer.stop();
        m_principal = verified.value();
        sendJson(ProtocolEncoder::welcome(id, roleName(m_principal->role), m_principal->bannerId, m_context.engine->policy()));
    }
    // The frames that came meanwhile, in their order; another auth among them waits again.
    while (!m_waitingForAuth.isEmpty() && !m_authenticating && !m_closing)
        handle(m_waitingForAuth.takeFirst());
}

void ClientSession::subscribe(const GatewayCommand &command)
{
    unsubscribe();
    m_filter = command.filter;
    if (!m_filter.afterSeq && m_wire && m_context.fanout) {
        m_context.fanout->add(this, m_filter.banners, m_filter.box.has_value(), m_filter.batch);
        m_fanned = true;
    } else {
        std::weak_ptr<SessionInbox> inbox = m_inbox;
        m_subscription = m_context.engine->subscribe(
            [inbox](const QList<EventRecord> &events) {
                if (auto target = inbox.lock())
                    target->pushEvents(events);
            },
            m_filter.banners, m_filter.afterSeq);
        if (m_wire && m_context.fanout)
            m_handoverTimer.start();
    }
    QJsonObject ack{{QStringLiteral("type"), QStringLiteral("ack")}, {QStringLiteral("op"), QStringLiteral("subscribe")}};
    if (!command.id.isUndefined())
        ack.insert(QStringLiteral("id"), command.id);
    sendJson(ack);
}

void ClientSession::unsubscribe()
{
    if (leaveEvents()) {
        // Events already handed over belong to the old subscription.
        SessionInbox::Batch stale = m_inbox->take();
        for (const DeviceCommand &cmd : stale.commands)
            sendJson(ProtocolEncoder::deviceCommand(cmd));
    }
    m_handoverTimer.stop();
    m_handedSeq = 0;
    m_owed.clear();
    m_skippedFrom = 0;
    m_skippedTo = 0;
    m_lagging = false;
    m_slowTimer.stop();
}

// Joins the fanout first and ends its own engine subscription second, so every event is in one or
// the other (or both); m_handedSeq drops the repeats. Only once the catch-up is over: before that
// the engine subscription still reads the log.
void ClientSession::handOverToFanout()
{
    if (!m_subscription || m_fanned || !m_wire || !m_context.fanout || m_closing)
        return;
    if (!m_context.engine->subscriptionIsLive(*m_subscription))
        return;
    m_handoverTimer.stop();
    m_context.fanout->add(this, m_filter.banners, m_filter.box.has_value(), m_filter.batch);
    m_fanned = true;
    m_context.engine->unsubscribe(*m_subscription); // its handler has run for the last time
    m_subscription.reset();
    drainInbox(); // what it handed over before it ended, in order, ahead of the fanout's next batch
}

void ClientSession::answer(const GatewayCommand &c, Reply<FleetResult> reply)
{
    const QString op = c.typeName();
    const bool submission = c.type == GatewayCommand::Type::Banner && std::holds_alternative<command::Submit>(c.command);
    QPointer<ClientSession> self(this);
    reply.then(this, [self, id = c.id, op, submission](const FleetResult &result) {
        if (!self)
            return;
        if (!result.ok()) {
            self->sendError(id, result.error);
            return;
        }
        if (submission && !result.duplicate)
            self->m_context.metrics->submissionsAccepted.fetch_add(1, std::memory_order_relaxed);
        self->sendJson(ProtocolEncoder::ack(id, op, result));
    });
}

void ClientSession::drainInbox()
{
    SessionInbox::Batch batch = m_inbox->take();
    if (m_closing)
        return;
    for (const DeviceCommand &cmd : batch.commands)
        sendJson(ProtocolEncoder::deviceCommand(cmd));
    if (batch.overflowed) {
        m_context.metrics->slowClientsClosed.fetch_add(1, std::memory_order_relaxed);
        closeWith(CloseCode::SlowConsumer, QStringLiteral("slow consumer"));
        return;
    }
    deliver(batch.events);
    if (!batch.coalesced.isEmpty()) {
        // The gateway thread itself fell behind this client's events: they arrive as latest
        // state per banner, like skipped events do.
        QList<EventRecord> latest = batch.coalesced.values();
        std::sort(latest.begin(), latest.end(), [](const EventRecord &a, const EventRecord &b) { return a.globalSeq < b.globalSeq; });
        oweStates(latest, batch.firstCoalescedSeq);
        return;
    }
    if (m_lagging && m_socket->bytesToWrite() <= m_context.options->maxOutboundBytes / 2)
        flushOwed();
    if (m_subscription && !m_fanned)
        handOverToFanout();
}

bool ClientSession::inBox(qint64 bannerId) const
{
    if (!m_filter.box)
        return true;
    const std::optional<FleetIndexEntry> entry = m_context.engine->fleetIndex().find(bannerId);
    return entry && entry->hasPosition && m_filter.box->contains(entry->latitude, entry->longitude);
}

bool ClientSession::wants(const EventRecord &event) const
{
    return (m_filter.banners.isEmpty() || m_filter.banners.contains(event.bannerId)) && inBox(event.bannerId);
}

bool ClientSession::roomForEvents()
{
    if (!m_lagging && m_socket->bytesToWrite() > m_context.options->maxOutboundBytes) {
        m_lagging = true;
        m_slowTimer.start(m_context.options->slowClientGraceMs);
    }
    return !m_lagging;
}

// Events of this session's own engine subscription (one from a sequence number).
void ClientSession::deliver(const QList<EventRecord> &events)
{
    QList<int> selected;
    for (int i = 0; i < events.size(); ++i) {
        m_handedSeq = std::max(m_handedSeq, events.at(i).globalSeq);
        if (inBox(events.at(i).bannerId))
            selected.append(i);
    }
    if (selected.isEmpty())
        return;
    if (!roomForEvents()) {
        for (int i : std::as_const(selected))
            owe(events.at(i));
        return;
    }
    if (m_filter.batch) {
        QList<QByteArray> json;
        json.reserve(events.size());
        for (const EventRecord &e : events)
            json.append(ProtocolEncoder::eventFrame(e));
        for (const QByteArray &payload : EventFanout::batchPayloads(events, json, selected))
            sendFrame(payload);
    } else {
        for (int i : std::as_const(selected))
            sendFrame(ProtocolEncoder::eventFrame(events.at(i)));
    }
    m_context.metrics->eventsDelivered.fetch_add(quint64(selected.size()), std::memory_order_relaxed);
}

void ClientSession::fanoutAll(const FanoutBatch &batch)
{
    if (m_closing)
        return;
    if (m_handedSeq && batch.events.constFirst().globalSeq <= m_handedSeq) {
        // Just handed over: part of this batch came through the engine subscription already.
        QList<int> all(batch.events.size());
        std::iota(all.begin(), all.end(), 0);
        fanoutSelected(batch, all);
        return;
    }
    if (!roomForEvents()) {
        for (const EventRecord &e : batch.events)
            owe(e);
        return;
    }
    if (m_filter.batch) {
        for (const QByteArray &frame : batch.allBatchFrames)
            writeWire(frame, 1);
    } else {
        writeWire(batch.allEventFrames, int(batch.events.size()));
    }
    m_context.metrics->eventsDelivered.fetch_add(quint64(batch.events.size()), std::memory_order_relaxed);
}

void ClientSession::fanoutSelected(const FanoutBatch &batch, const QList<int> &indices)
{
    if (m_closing)
        return;
    QList<int> mine;
    mine.reserve(indices.size());
    for (int i : indices) {
        if (batch.events.at(i).globalSeq > m_handedSeq && inBox(batch.events.at(i).bannerId))
            mine.append(i);
    }
    if (mine.isEmpty())
        return;
    if (!roomForEvents()) {
        for (int i : std::as_const(mine))
            owe(batch.events.at(i));
        return;
    }
    if (m_filter.batch) {
        for (const QByteArray &payload : EventFanout::batchPayloads(batch.events, batch.json, mine))
            writeWire(WebSocketWire::textFrame(payload), 1);
    } else {
        QByteArray frames;
        for (int i : std::as_const(mine))
            frames += batch.wire.at(i);
        writeWire(frames, int(mine.size()));
    }
    m_context.metrics->eventsDelivered.fetch_add(quint64(mine.size()), std::memory_order_relaxed);
}

void ClientSession::oweStates(const QList<EventRecord> &latest, qint64 firstSkippedSeq)
{
    if (m_closing)
        return;
    if (!m_lagging) {
        m_lagging = true;
        m_slowTimer.start(m_context.options->slowClientGraceMs);
    }
    if (m_owed.isEmpty())
        m_skippedFrom = firstSkippedSeq;
    for (const EventRecord &e : latest) {
        if (wants(e))
            owe(e);
    }
    if (!m_closing && m_socket->bytesToWrite() <= m_context.options->maxOutboundBytes / 2)
        flushOwed();
}

// Frames built once by the EventFanout go straight to the socket under the WebSocket. Whole frames
// only, and on the thread QWebSocket writes from, so they never interleave with its own frames.
void ClientSession::writeWire(const QByteArray &frames, int frameCount)
{
    if (m_closing || !m_wire)
        return;
    m_wire->write(frames);
    m_context.metrics->framesOut.fetch_add(quint64(frameCount), std::memory_order_relaxed);
}

void ClientSession::owe(const EventRecord &event)
{
    if (m_owed.isEmpty() && m_skippedFrom == 0)
        m_skippedFrom = event.globalSeq;
    m_owed.insert(event.bannerId, event);
    m_skippedTo = std::max(m_skippedTo, event.globalSeq);
    if (m_owed.size() > m_context.options->maxCoalescedBanners) {
        m_context.metrics->slowClientsClosed.fetch_add(1, std::memory_order_relaxed);
        closeWith(CloseCode::SlowConsumer, QStringLiteral("slow consumer"));
    }
}

void ClientSession::onBytesWritten()
{
    if (m_lagging && !m_closing && m_socket->bytesToWrite() <= m_context.options->maxOutboundBytes / 2)
        flushOwed();
}

void ClientSession::flushOwed()
{
    m_lagging = false;
    m_slowTimer.stop();
    if (m_owed.isEmpty()) {
        m_skippedFrom = 0;
        return;
    }
    sendJson({{QStringLiteral("type"), QStringLiteral("resync")},
              {QStringLiteral("fromSeq"), double(m_skippedFrom)},
              {QStringLiteral("toSeq"), double(m_skippedTo)},
              {QStringLiteral("banners"), int(m_owed.size())}});
    QList<EventRecord> latest = m_owed.values();
    std::sort(latest.begin(), latest.end(), [](const EventRecord &a, const EventRecord &b) { return a.globalSeq < b.globalSeq; });
    for (const EventRecord &e : std::as_const(latest))
        sendFrame(ProtocolEncoder::stateFrame(e));
    m_context.metrics->statesCoalesced.fetch_add(quint64(latest.size()), std::memory_order_relaxed);
    m_owed.clear();
    m_skippedFrom = 0;
}

void ClientSession::sendJson(const QJsonObject &json)
{
    sendFrame(ProtocolEncoder::compact(json));
}

void ClientSession::sendFrame(const QByteArray &utf8)
{
    if (m_closing)
        return;
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
    m_context.metrics->framesOut.fetch_add(1, std::memory_order_relaxed);
    // A device that does not read its commands is not coalesced: it is cut off well past the limit.
    if (m_device && m_socket->bytesToWrite() > 4 * m_context.options->maxOutboundBytes) {
        m_context.metrics->slowClientsClosed.fetch_add(1, std::memory_order_relaxed);
        closeWith(CloseCode::SlowConsumer, QStringLiteral("slow consumer"));
    }
}

void ClientSession::sendError(const QJsonValue &id, const ProtocolError &error)
{
    m_context.metrics->frameErrors.fetch_add(1, std::memory_order_relaxed);
    sendJson(ProtocolEncoder::error(id, error));
}

void ClientSession::revoke()
{
    closeWith(CloseCode::TokenRevoked, QStringLiteral("token revoked"));
}

} // namespace airdisplay
