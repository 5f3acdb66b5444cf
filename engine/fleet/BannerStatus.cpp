#include "BannerStatus.h"

namespace airdisplay {

QString bannerStatusName(BannerStatus status)
{
    switch (status) {
    case BannerStatus::Idle: return QStringLiteral("idle");
    case BannerStatus::Queued: return QStringLiteral("queued");
    case BannerStatus::Displaying: return QStringLiteral("displaying");
    case BannerStatus::PendingReview: return QStringLiteral("pending_review");
    case BannerStatus::Offline: return QStringLiteral("offline");
    }
    return QStringLiteral("idle");
}

std::optional<BannerStatus> bannerStatusFromName(const QString &name)
{
    for (BannerStatus s : {BannerStatus::Idle, BannerStatus::Queued, BannerStatus::Displaying,
                           BannerStatus::PendingReview, BannerStatus::Offline}) {
        if (bannerStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace airdisplay
