#include "CommandRunner.h"

#include "GatewayBackend.h"


namespace airdisplay {

Reply<FleetResult> CommandRunner::run(GatewayBackend &backend, const GatewayCommand &c, const Principal &principal,
                                      const std::shared_ptr<DeviceLink> &link)
{
    using Type = GatewayCommand::Type;
    switch (c.type) {
    case Type::Submit: return backend.submit(c.bannerId, c.text, principal.author(), c.requestId);
    case Type::Cancel: return backend.cancel(c.bannerId, c.messageId, principal.author());
    case Type::Remove: return backend.remove(c.bannerId, c.messageId);
    case Type::Move: return backend.move(c.bannerId, c.messageId, c.position);
    case Type::Approve: return backend.approve(c.bannerId, c.messageId);
    case Type::Reject: return backend.reject(c.bannerId, c.messageId);
    case Type::Blank: return backend.blank(c.bannerId);
    case Type::Pause: return backend.pause(c.bannerId);
    case Type::Resume: return backend.resume(c.bannerId);
    case Type::Hello: return backend.deviceConnected(c.bannerId, link, c.showing);
    case Type::Displayed: return backend.displayed(c.bannerId, c.messageId);
    case Type::Blanked: return backend.deviceBlanked(c.bannerId);
    case Type::Auth:
    case Type::Subscribe:
    case Type::Unsubscribe:
    case Type::Ping:
    case Type::Telemetry: break;
    }
    return Reply<FleetResult>::ready(FleetResult::failure(FleetError::Code::InvalidArgument,
                                                          QStringLiteral("Not an engine command.")));
}

} // namespace airdisplay
