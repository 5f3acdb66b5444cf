#pragma once

#include "DeviceLink.h"

#include <memory>

namespace airdisplay {

class SessionInbox;

// The engine's link to a device connected over WebSocket: a command goes into the session's inbox
// (never blocking the store's completion thread that calls send) and out as a show or blank frame.
class DeviceChannel final : public DeviceLink
{
public:
    explicit DeviceChannel(std::shared_ptr<SessionInbox> inbox);
    void send(const DeviceCommand &command) override;

private:
    std::shared_ptr<SessionInbox> m_inbox;
};

} // namespace airdisplay
