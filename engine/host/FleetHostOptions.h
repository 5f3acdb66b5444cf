#pragma once

#include "FleetEngineOptions.h"
#include "GatewayOptions.h"

#include <QString>

#include <optional>

namespace airdisplay {

// What a FleetHost runs: the database, the engine's options, and optionally the gateway.
struct FleetHostOptions
{
    QString location; // a SQLite path or a postgresql:// URL
    FleetEngineOptions engine;
    // Set: remote clients are served (REST, WebSocket, the web client) on this address.
    std::optional<GatewayOptions> gateway;
};

} // namespace airdisplay
