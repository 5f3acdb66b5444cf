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
    case Operation::DeviceHello:
    case Operation::DeviceTelemetry:
        return role == Role::Device;
    case Operation::ReadMetrics:
    // Provisioning mints credentials for any role: only the role above all of them may.
    case Operation::RegisterBanners:
    case Operation::CreateTokens:
        return role == Role::Admin;
    }
    return false;
}

bool AccessPolicy::allows(Role role, CommandIssuer issuer)
{
    switch (issuer) {
    case CommandIssuer::Customer:
        return role == Role::Operator || role == Role::Dispatcher || role == Role::Admin;
    case CommandIssuer::Dispatcher:
        return role == Role::Dispatcher || role == Role::Admin;
    case CommandIssuer::Device:
        return role == Role::Device;
    }
    return false;
}

ProtocolError AccessPolicy::check(const Principal &principal, Operation operation, qint64 bannerId)
{
    return check(principal, allows(principal.role, operation), operationName(operation), bannerId);
}

ProtocolError AccessPolicy::check(const Principal &principal, const BannerCommand &command, qint64 bannerId)
{
    return check(principal, allows(principal.role, commandIssuer(command)), commandName(command), bannerId);
}

ProtocolError AccessPolicy::check(const Principal &principal, bool allowed, const QString &what, qint64 bannerId)
{
    if (!allowed)
        return {ProtocolError::Code::Forbidden, QStringLiteral("Role %1 may not %2.").arg(roleName(principal.role), what)};
    if (principal.role == Role::Device && bannerId != principal.bannerId)
        return {ProtocolError::Code::WrongBanner, QStringLiteral("This device speaks for banner %1, not %2.")
                                                      .arg(principal.bannerId).arg(bannerId)};
    return {};
}

} // namespace airdisplay
