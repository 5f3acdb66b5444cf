#pragma once

#include "ProtocolLimits.h"

#include <QHostAddress>
#include <QString>

namespace airdisplay {

// How the gateway listens and what it lets through. The defaults suit the console and the server.
struct GatewayOptions
{
    // Loopback unless told otherwise: exposing the engine is a decision (--listen).
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8470; // 0: any free port (tests)
    // PEM files; both set: HTTPS and WSS only.
    QString tlsCertificatePath;
    QString tlsKeyPath;
    // The store's database (path or postgresql:// URL): it holds the token table.
    QString storeLocation;

    ProtocolLimits protocol;     // frame and body size, ids per subscription, page size
    int maxHeaderBytes = 16 * 1024;
    int maxConnections = 10'000; // sockets, HTTP and WebSocket together
    // Connections one address may hold while they speak plain HTTP (WebSockets are not counted once
    // upgraded, so a simulator's thousands of devices on one host are not held back): one host
    // cannot take the whole limit with slow or idle connections.
    int maxConnectionsPerAddress = 1024;
    // Each request must arrive whole (headers and body) within this time of its first byte, the
    // first request within this time of the connection opening: else 408 and close (slowloris).
    int requestTimeoutMs = 10'000;
    // A connection with no request in flight is closed after this long (keep-alive idle time).
    int idleTimeoutMs = 60'000;
    // Per token: sustained requests (REST calls and frames) per second, and the burst above it.
    double ratePerSecond = 50;
    double rateBurst = 100;
    // Bytes queued to one WebSocket client before it is treated as slow: its events are then
    // coalesced into the latest state per banner until it catches up.
    qint64 maxOutboundBytes = 1024 * 1024;
    // Events waiting for one client between the engine and the gateway thread before they are
    // coalesced (the engine never waits for a client).
    int maxPendingEvents = 20'000;
    // Banners whose state one slow client may owe before it is disconnected.
    int maxCoalescedBanners = 100'000;
    // How long a client may stay slow before it is disconnected (close code 4008).
    int slowClientGraceMs = 10'000;
    // How long a new WebSocket may take to authenticate (close code 4001).
    int authTimeoutMs = 10'000;
    // How often the token table is asked for revocations (by `airdisplayd token revoke` or any
    // other connection): the open WebSocket sessions of a revoked token are closed with 4003.
    int revocationPollMs = 2000;
    // Hard cap on one WebSocket message; above it the socket closes with 1009. Between
    // protocol.maxFrameBytes and this, a frame gets a too_large error and the connection stays.
    qint64 maxWebSocketMessageBytes = 1024 * 1024;
};

} // namespace airdisplay
