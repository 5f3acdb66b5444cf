#pragma once

#include <QString>

namespace airdisplay {

// Everything a client can ask of the gateway, REST and WebSocket alike: the rows of the
// authorisation matrix (AccessPolicy).
enum class Operation : quint8 {
    ListBanners,
    GetBanner,
    GetReceipt,
    ReadEvents,
    Subscribe,
    Submit,
    Cancel,
    Remove,
    Move,
    Approve,
    Reject,
    Blank,
    Pause,
    Resume,
    DeviceHello,
    DeviceTelemetry,
    DeviceDisplayed,
    DeviceBlanked,
    ReadMetrics,
    RegisterBanners,
    CreateTokens,
};

inline constexpr int kOperationCount = int(Operation::CreateTokens) + 1;

QString operationName(Operation operation);

} // namespace airdisplay
