#include "Role.h"

namespace airdisplay {

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Operator: return QStringLiteral("operator");
    case Role::Dispatcher: return QStringLiteral("dispatcher");
    case Role::Device: return QStringLiteral("device");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<Role> roleFromName(const QString &name)
{
    for (Role r : {Role::Viewer, Role::Operator, Role::Dispatcher, Role::Device, Role::Admin}) {
        if (roleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QString bindingProblem(Role role, qint64 bannerId)
{
    if ((role == Role::Device) == (bannerId > 0))
        return {};
    return QStringLiteral("A device token needs its banner (--banner ID); other roles take none.");
}

} // namespace airdisplay
