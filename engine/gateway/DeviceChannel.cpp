#include "DeviceChannel.h"

#include "SessionInbox.h"

namespace airdisplay {

DeviceChannel::DeviceChannel(std::shared_ptr<SessionInbox> inbox) : m_inbox(std::move(inbox)) {}

void DeviceChannel::send(const DeviceCommand &command)
{
    m_inbox->pushCommand(command);
}

} // namespace airdisplay
