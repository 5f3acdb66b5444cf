#pragma once

#include "EventBus.h"
#include "EventRecord.h"
#include "FleetResult.h"
#include "GatewayCommand.h"
#include "Principal.h"
#include "ProtocolError.h"
#include "Reply.h"
#include "StoreResult.h"
#include "SubscriptionFilter.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace airdisplay {

class DeviceChannel;
class SessionInbox;
struct FanoutBatch;
struct GatewayContext;
enum class CloseCode : quint16;

// One WebSocket client on the gateway thread: authentication, the frames it sends, the events it
// subscribed to, and for a device the show and blank commands of its banner.
//
// Live subscriptions are served by the gateway's EventFanout (events encoded once for every
// subscriber); a subscription from a sequence number has its own engine subscription, which reads
// the event log first, and its events come through the SessionInbox until it has caught up; then
// the session moves to the fanout without a gap or a repeat (handOverToFanout).
//
// Outbound flow control: while the socket holds more than maxOutboundBytes unsent, events are not
// written; the session remembers only the latest event of each banner. Once the client has read
// enough, it gets one "resync" frame naming the skipped sequence range and one "state" frame per
// banner. A client that stays behind longer than slowClientGraceMs (or owes more banners than it
// may) is closed with 4008. Nothing here waits: the engine and the other clients go on.
class ClientSession : public QObject
{
    Q_OBJECT

public:
    // wire: the TCP (or TLS) socket under the WebSocket, for writing frames encoded once for many
    // subscribers (EventFanout); null if unknown, and then events go through QWebSocket.
    ClientSession(std::unique_ptr<QWebSocket> socket, QAbstractSocket *wire, GatewayContext &context,
                  QObject *parent = nullptr);
    ~ClientSession() override;

    // Called (queued) when the inbox has something: events, or commands for the device.
    void drainInbox();
    // The gateway stops: close with 1001.
    void goAway();
    // Another connection of the same device took over.
    void replace();
    std::optional<Principal> principal() const { return m_principal; }

    // From the EventFanout, on the gateway thread: every event of the batch (a subscriber of every
    // banner), or the selected ones (a set of banners or a box, which the session still applies).
    void fanoutAll(const FanoutBatch &batch);
    void fanoutSelected(const FanoutBatch &batch, const QList<int> &indices);
    // The gateway thread fell behind the engine: these banners' latest events replace the skipped ones.
    void oweStates(const QList<EventRecord> &latest, qint64 firstSkippedSeq);

private:
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void onDisconnected();
    void onBytesWritten();

    void handle(const GatewayCommand &command);
    void authenticate(const GatewayCommand &command);
    void authenticated(const QJsonValue &id, const StoreResult<std::optional<Principal>> &verified);
    void subscribe(const GatewayCommand &command);
    void unsubscribe();
    bool leaveEvents(); // true if it ended an engine subscription of its own
    // Answers the command once the engine has: an ack, or the error.
    void answer(const GatewayCommand &command, Reply<FleetResult> reply);
    void handOverToFanout();

    void deliver(const QList<EventRecord> &events);
    bool roomForEvents();
    bool wants(const EventRecord &event) const;
    void writeWire(const QByteArray &frames, int frameCount);
    void owe(const EventRecord &event);
    void flushOwed();
    void sendJson(const QJsonObject &json);
    void sendFrame(const QByteArray &utf8);
    void sendError(const QJsonValue &id, const ProtocolError &error);
    void closeWith(CloseCode code, const QString &reason);
    bool inBox(qint64 bannerId) const;

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QAbstractSocket> m_wire;
    GatewayContext &m_context;
    std::shared_ptr<SessionInbox> m_inbox;
    std::optional<Principal> m_principal;
    std::optional<SubscriptionId> m_subscription;
    SubscriptionFilter m_filter;
    bool m_fanned = false; // subscribed through the EventFanout rather than its own engine subscription
    // The last global sequence its own engine subscription handed over: after the hand-over to the
    // fanout, events up to it are not sent again.
    qint64 m_handedSeq = 0;
    QTimer m_handoverTimer;
    std::shared_ptr<DeviceChannel> m_device; // set by the device's hello
    QTimer m_authTimer;
    // While the token is checked (off the gateway thread), the frames that follow wait, in order.
    bool m_authenticating = false;
    QList<GatewayCommand> m_waitingForAuth;
    QTimer m_slowTimer;
    bool m_lagging = false;
    QHash<qint64, EventRecord> m_owed; // latest skipped event per banner
    qint64 m_skippedFrom = 0;
    qint64 m_skippedTo = 0;
    bool m_closing = false;

public:
    // The token this session authenticated with was revoked: close with 4003 "token revoked" (no
    // further frame is sent or answered; the connection is cut 1 s later if the client lingers).
    void revoke();
};

} // namespace airdisplay
