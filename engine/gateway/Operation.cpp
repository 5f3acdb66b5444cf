#include "Operation.h"

namespace airdisplay {

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::ListBanners: return QStringLiteral("list_banners");
    case Operation::GetBanner: return QStringLiteral("get_banner");
    case Operation::GetReceipt: return QStringLiteral("get_receipt");
    case Operation::ReadEvents: return QStringLiteral("read_events");
    case Operation::Subscribe: return QStringLiteral("subscribe");
    case Operation::DeviceHello: return QStringLiteral("hello");
    case Operation::DeviceTelemetry: return QStringLiteral("telemetry");
    case Operation::ReadMetrics: return QStringLiteral("metrics");
    case Operation::RegisterBanners: return QStringLiteral("register_banners");
    case Operation::CreateTokens: return QStringLiteral("create_tokens");
    }
    return QStringLiteral("unknown");
}

} // namespace airdisplay
