#include "AccessPolicy.h"

namespace airdisplay {

bool AccessPolicy::allows(Role role, Operation operation)
{
    switch (operation) {
    case Operation::ListBanners:
    case Operation::GetBanner:
    case Operation::GetReceipt:
    case Operation::ReadEvents:
    case Operation::Subscribe:
        // A device sees what it is told to show, not the fleet.
        return role != Role::Device;
    case Operation::Submit:
    case Operation::Cancel:
        return role == Role::Operator || role == Role::Dispatcher || role == Role::Admin;
    case Operation::Remove:
    case Operation::Move:
    case Operation::Approve:
    case Operation::Reject:
    case Operation::Blank:
    case Operation::Pause:
    case Operation::Resume:
        return role == Role::Dispatcher || role == Role::Admin;
    case Operation::DeviceHello:
    case Operation::DeviceTelemetry:
    case Operation::DeviceDisplayed:
    case Operation::DeviceBlanked:
        return role == Role::Device;
    case Operation::ReadMetrics:
    // Provisioning mints credentials for any role: only the role above all of them may.
    case Operation::RegisterBanners:
    case Operation::CreateTokens:
        return role == Role::Admin;
    }
    return false;
}

ProtocolError AccessPolicy::check(const Principal &principal, Operation operation, qint64 bannerId)
{
    if (!allows(principal.role, operation))
        return {ProtocolError::Code::Forbidden, QStringLiteral("Role %1 may not %2.")
                                                    .arg(roleName(principal.role), operationName(operation))};
    if (principal.role == Role::Device && bannerId != principal.bannerId)
        return {ProtocolError::Code::WrongBanner, QStringLiteral("This device speaks for banner %1, not %2.")
                                                      .arg(principal.bannerId).arg(bannerId)};
    return {};
}

} // namespace airdisplay
