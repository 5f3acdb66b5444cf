#pragma once

#include "DeviceCommand.h"

namespace airdisplay {

// The engine's way to a banner device, implemented by whatever carries the protocol (the gateway's
// WebSocket session, the simulator, a test). send() is called after the change that caused the
// command committed, from the thread that answers the store's writes (WriteCompleter), in commit
// order: it must not block (queue the command and return).
class DeviceLink
{
public:
    virtual ~DeviceLink() = default;
    virtual void send(const DeviceCommand &command) = 0;
};

} // namespace airdisplay
