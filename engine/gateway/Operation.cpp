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
    case Operation::Submit: return QStringLiteral("submit");
    case Operation::Cancel: return QStringLiteral("cancel");
    case Operation::Remove: return QStringLiteral("remove");
    case Operation::Move: return QStringLiteral("move");
    case Operation::Approve: return QStringLiteral("approve");
    case Operation::Reject: return QStringLiteral("reject");
    case Operation::Blank: return QStringLiteral("blank");
    case Operation::Pause: return QStringLiteral("pause");
    case Operation::Resume: return QStringLiteral("resume");
    case Operation::DeviceHello: return QStringLiteral("hello");
    case Operation::DeviceTelemetry: return QStringLiteral("telemetry");
    case Operation::DeviceDisplayed: return QStringLiteral("displayed");
    case Operation::DeviceBlanked: return QStringLiteral("blanked");
    case Operation::ReadMetrics: return QStringLiteral("metrics");
    case Operation::RegisterBanners: return QStringLiteral("register_banners");
    case Operation::CreateTokens: return QStringLiteral("create_tokens");
    }
    return QStringLiteral("unknown");
}

} // namespace airdisplay
