#include "GatewayCommand.h"

#include <array>
#include <utility>

namespace airdisplay {

namespace {
using Type = GatewayCommand::Type;

constexpr std::array<std::pair<Type, const char *>, 17> kTypeNames{{
    {Type::Auth, "auth"},
    {Type::Subscribe, "subscribe"},
    {Type::Unsubscribe, "unsubscribe"},
    {Type::Ping, "ping"},
    {Type::Submit, "submit"},
    {Type::Cancel, "cancel"},
    {Type::Remove, "remove"},
    {Type::Move, "move"},
    {Type::Approve, "approve"},
    {Type::Reject, "reject"},
    {Type::Blank, "blank"},
    {Type::Pause, "pause"},
    {Type::Resume, "resume"},
    {Type::Hello, "hello"},
    {Type::Telemetry, "telemetry"},
    {Type::Displayed, "displayed"},
    {Type::Blanked, "blanked"},
}};
} // namespace

QString GatewayCommand::typeName(Type type)
{
    for (const auto &[t, name] : kTypeNames) {
        if (t == type)
            return QLatin1String(name);
    }
    return QString();
}

std::optional<GatewayCommand::Type> GatewayCommand::typeFromName(const QString &name)
{
    for (const auto &[t, n] : kTypeNames) {
        if (name == QLatin1String(n))
            return t;
    }
    return std::nullopt;
}

std::optional<Operation> GatewayCommand::operationOf(Type type)
{
    switch (type) {
    case Type::Auth:
    case Type::Unsubscribe:
    case Type::Ping: return std::nullopt;
    case Type::Subscribe: return Operation::Subscribe;
    case Type::Submit: return Operation::Submit;
    case Type::Cancel: return Operation::Cancel;
    case Type::Remove: return Operation::Remove;
    case Type::Move: return Operation::Move;
    case Type::Approve: return Operation::Approve;
    case Type::Reject: return Operation::Reject;
    case Type::Blank: return Operation::Blank;
    case Type::Pause: return Operation::Pause;
    case Type::Resume: return Operation::Resume;
    case Type::Hello: return Operation::DeviceHello;
    case Type::Telemetry: return Operation::DeviceTelemetry;
    case Type::Displayed: return Operation::DeviceDisplayed;
    case Type::Blanked: return Operation::DeviceBlanked;
    }
    return std::nullopt;
}

} // namespace airdisplay
