#pragma once

#include "GatewayContext.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "ProtocolDecoder.h"
#include "RateLimiter.h"
#include "TokenStore.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QHttpServer;

namespace airdisplay {

class ConnectionGate;
class EventFanout;
class RestApi;

// Everything of the gateway that lives on its thread: the HTTP server and its listener, the token
// store's connection, the rate limiter, the REST handler and the WebSocket sessions. Created and
// driven by Gateway; start() and stop() run on the gateway thread.
class GatewayServer : public QObject
{
    Q_OBJECT

public:
    GatewayServer(GatewayBackend &backend, const GatewayOptions &options, GatewayMetrics &metrics);
    ~GatewayServer() override;

    // The port listened on, or an error message.
    struct Started
    {
        quint16 port = 0;
        QString error;
    };
    Started start();
    void stop();

private:
    QString listen(quint16 &port);
    void onWebSocket();
    // Asks the token table what was revoked since the last look and closes those tokens' sessions.
    void pollRevocations();

    const GatewayOptions m_options;
    ProtocolDecoder m_decoder;
    TokenStore m_tokens;
    RateLimiter m_rateLimiter;
    GatewayContext m_context;
    QHttpServer *m_http = nullptr;
    ConnectionGate *m_gate = nullptr;
    RestApi *m_rest = nullptr;
    EventFanout *m_fanout = nullptr;
    QTimer m_pruneTimer;
    QTimer m_revocationTimer;
    qint64 m_revocationMark = 0;              // the latest revoked_ms seen in the table
    QHash<qint64, qint64> m_revokedHandled;   // token id → revoked_ms, already acted upon (recent only)
    bool m_revocationPollFailing = false;     // warn once per failing streak
};

} // namespace airdisplay
