#include "MapBanner.h"

#include <QCoreApplication>

namespace airdisplay {

QString mapBannerStatusName(MapBannerStatus status)
{
    switch (status) {
    case MapBannerStatus::Idle:
        return QCoreApplication::translate("MapBanner", "idle");
    case MapBannerStatus::Queued:
        return QCoreApplication::translate("MapBanner", "queued");
    case MapBannerStatus::Displaying:
        return QCoreApplication::translate("MapBanner", "displaying");
    case MapBannerStatus::PendingReview:
        return QCoreApplication::translate("MapBanner", "pending review");
    case MapBannerStatus::Offline:
        return QCoreApplication::translate("MapBanner", "offline");
    case MapBannerStatus::Stale:
        return QCoreApplication::translate("MapBanner", "stale");
    }
    return {};
}

} // namespace airdisplay
