#pragma once

#include <QString>

namespace airdisplay {

// What a client can ask of the gateway besides banner commands (whose rows are their issuers,
// see BannerCommand): the other rows of the authorisation matrix (AccessPolicy).
enum class Operation : quint8 {
    ListBanners,
    GetBanner,
    GetReceipt,
    ReadEvents,
    Subscribe,
    DeviceHello,
    DeviceTelemetry,
    ReadMetrics,
    RegisterBanners,
    CreateTokens,
};

inline constexpr int kOperationCount = int(Operation::CreateTokens) + 1;

QString operationName(Operation operation);

} // namespace airdisplay
