#include "GatewayCommand.h"

#include <array>
#include <utility>

namespace airdisplay {

namespace {
using Type = GatewayCommand::Type;

constexpr std::array<std::pair<Type, const char *>, 6> kConnectionTypeNames{{
    {Type::Auth, "auth"},
    {Type::Subscribe, "subscribe"},
    {Type::Unsubscribe, "unsubscribe"},
    {Type::Ping, "ping"},
    {Type::Hello, "hello"},
    {Type::Telemetry, "telemetry"},
}};
} // namespace

QString GatewayCommand::typeName() const
{
    if (type == Type::Banner)
        return commandName(command);
    for (const auto &[t, name] : kConnectionTypeNames) {
        if (t == type)
            return QLatin1String(name);
    }
    return QString();
}

std::optional<GatewayCommand::Type> GatewayCommand::connectionTypeFromName(QStringView name)
{
    for (const auto &[t, n] : kConnectionTypeNames) {
        if (name == QLatin1String(n))
            return t;
    }
    return std::nullopt;
}

} // namespace airdisplay
