#pragma once

#include <QtGlobal>

namespace airdisplay {

// WebSocket close codes of the protocol beyond the standard ones (1000 normal, 1001 going away,
// 1007 invalid UTF-8, 1009 message too big, which QWebSocket and the gateway also use).
enum class CloseCode : quint16 {
    AuthenticationFailed = 4001, // no valid "auth" within the timeout, or an invalid token
    TokenRevoked = 4003,         // the token the session authenticated with was revoked
    SlowConsumer = 4008,         // the client did not read fast enough for too long
    Replaced = 4009,             // another connection of the same device took over its banner
};

} // namespace airdisplay
