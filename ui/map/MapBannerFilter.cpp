#include "MapBannerFilter.h"

#include <QCoreApplication>

namespace airdisplay {

QString mapCategoryName(MapCategory category)
{
    switch (category) {
    case MapCategory::Paused:
        return QCoreApplication::translate("MapBanner", "paused");
    case MapCategory::LowBattery:
        return QCoreApplication::translate("MapBanner", "low battery");
    default:
        return mapBannerStatusName(MapBannerStatus(category));
    }
}

MapCategoryCounts categoryCounts(const MapClassCounts &classes)
{
    MapCategoryCounts counts{};
    for (int cls = 0; cls < MapBannerClassCount; ++cls) {
        counts[size_t(classStatus(cls))] += classes[size_t(cls)];
        if (classIsPaused(cls))
            counts[size_t(MapCategory::Paused)] += classes[size_t(cls)];
        if (classIsLowBattery(cls))
            counts[size_t(MapCategory::LowBattery)] += classes[size_t(cls)];
    }
    return counts;
}

} // namespace airdisplay
