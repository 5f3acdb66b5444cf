#pragma once

#include "MapBanner.h"

#include <QString>

#include <algorithm>
#include <array>

namespace airdisplay {

// What the map's legend lists, counts and can hide: each status, and the two marks a banner carries
// beside its status (a paused queue, a low battery). A banner is hidden when its status is, or when
// it carries a mark that is.
enum class MapCategory : quint8 {
    Idle,
    Queued,
    Displaying,
    PendingReview,
    Offline,
    Stale,
    Paused,
    LowBattery,
};
inline constexpr int MapCategoryCount = MapBannerStatusCount + 2;

QString mapCategoryName(MapCategory category);

// A banner's status and marks in one small number, so the spatial index can keep prefix counts of
// every combination and a cell's visible count under any filter costs one subtraction per class.
inline constexpr int MapBannerClassCount = MapBannerStatusCount * 4;

inline int mapBannerClass(const MapBanner &banner)
{
    const int status = std::min(int(banner.status), MapBannerStatusCount - 1);
    return status + MapBannerStatusCount * ((banner.paused ? 1 : 0) + (isLowBattery(banner) ? 2 : 0));
}
inline MapBannerStatus classStatus(int cls)
{
    return MapBannerStatus(cls % MapBannerStatusCount);
}
inline bool classIsPaused(int cls)
{
    return (cls / MapBannerStatusCount) & 1;
}
inline bool classIsLowBattery(int cls)
{
    return (cls / MapBannerStatusCount) & 2;
}

class MapBannerFilter
{
public:
    bool isHidden(MapCategory category) const { return m_hidden & bit(category); }
    void setHidden(MapCategory category, bool hidden)
    {
        m_hidden = hidden ? (m_hidden | bit(category)) : (m_hidden & ~bit(category));
    }
    bool showsAll() const { return m_hidden == 0; }
    bool showsClass(int cls) const
    {
        if (isHidden(MapCategory(cls % MapBannerStatusCount)))
            return false;
        if (classIsPaused(cls) && isHidden(MapCategory::Paused))
            return false;
        return !(classIsLowBattery(cls) && isHidden(MapCategory::LowBattery));
    }
    bool shows(const MapBanner &banner) const { return m_hidden == 0 || showsClass(mapBannerClass(banner)); }
    bool operator==(const MapBannerFilter &other) const = default;

private:
    static quint32 bit(MapCategory category) { return 1u << quint32(category); }
    quint32 m_hidden = 0;
};

using MapClassCounts = std::array<quint32, MapBannerClassCount>;
using MapCategoryCounts = std::array<quint32, MapCategoryCount>;

// Every banner counted once under its status, and again under each mark it carries.
MapCategoryCounts categoryCounts(const MapClassCounts &classes);

} // namespace airdisplay
