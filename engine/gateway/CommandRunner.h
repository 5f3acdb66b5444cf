#pragma once

#include "DeviceLink.h"
#include "FleetResult.h"
#include "GatewayCommand.h"
#include "Principal.h"
#include "Reply.h"

#include <memory>

namespace airdisplay {

class GatewayBackend;

// Hands an authorised engine command (submit, cancel, the dispatcher's and the device's) to the
// backend: the one mapping from protocol to engine, shared by REST and WebSocket.
class CommandRunner
{
public:
    // Only for types that reach the engine (not auth, ping, subscribe, unsubscribe, telemetry).
    static Reply<FleetResult> run(GatewayBackend &backend, const GatewayCommand &command, const Principal &principal,
                                  const std::shared_ptr<DeviceLink> &link = {});
};

} // namespace airdisplay
