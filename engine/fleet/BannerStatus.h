#pragma once

#include <QString>

#include <optional>

namespace airdisplay {

// What a banner is doing, as the map and the gateway show it.
enum class BannerStatus : quint8 {
    Idle,          // nothing to show
    Queued,        // messages are waiting, or one was sent and awaits the device's confirmation
    Displaying,    // the device confirmed it is showing a message
    PendingReview, // only messages held for review are waiting
    Offline,       // no device connected
};

QString bannerStatusName(BannerStatus status);
std::optional<BannerStatus> bannerStatusFromName(const QString &name);

} // namespace airdisplay
