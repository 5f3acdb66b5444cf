#pragma once

#include "GatewayContext.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "ProtocolDecoder.h"
#include "RateLimiter.h"
#include "TokenService.h"

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
// service, the rate limiter, the REST handler and the WebSocket sessions. Created and
// driven by Gateway; start() and stop() run on the gateway thread.
class GatewayServer : public QObject
{
    Q_OBJECT

public:
    GatewayServer(FleetEngine &engine, const GatewayOptions &options, GatewayMetrics &metrics);
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
    // Closes the WebSocket sessions the revoked tokens opened.
    void closeRevokedSessions(const QList<qint64> &tokenIds);

    const GatewayOptions m_options;
    ProtocolDecoder m_decoder;
    TokenService m_tokens;
    RateLimiter m_rateLimiter;
    GatewayContext m_context;
    QHttpServer *m_http = nullptr;
    ConnectionGate *m_gate = nullptr;
    RestApi *m_rest = nullptr;
    EventFanout *m_fanout = nullptr;
    QTimer m_pruneTimer;
};

} // namespace airdisplay
