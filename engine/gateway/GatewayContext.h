#pragma once

#include <QHash>

namespace airdisplay {

class ClientSession;
class EventFanout;
class FleetEngine;
class ProtocolDecoder;
class RateLimiter;
class TokenService;
struct GatewayMetrics;
struct GatewayOptions;

// What the REST handler and every WebSocket session share, owned by the GatewayServer on the
// gateway thread.
struct GatewayContext
{
    FleetEngine *engine = nullptr;
    const GatewayOptions *options = nullptr;
    const ProtocolDecoder *decoder = nullptr;
    TokenService *tokens = nullptr;
    RateLimiter *rateLimiter = nullptr;
    GatewayMetrics *metrics = nullptr;
    EventFanout *fanout = nullptr; // live subscriptions
    // The session that speaks for each banner's device: a newer hello replaces an older one.
    QHash<qint64, ClientSession *> devices;
};

} // namespace airdisplay
