#pragma once

#include "MapBanner.h"
#include "MapBannerFilter.h"

#include <QRectF>

#include <array>
#include <optional>
#include <vector>

namespace airdisplay {

// A quadtree over a snapshot without a tree: banners sorted by the Morton (Z-order) code of their
// Mercator position, so that every quadtree cell at every level is one contiguous run of the sorted
// order, found by binary search. Built once per snapshot (off the GUI thread for large fleets); a frame
// then touches only the non-empty cells it shows, whatever the fleet's size.
class BannerSpatialIndex
{
public:
    // 2^24 cells a side: about 2.4 m at the equator, finer than any zoom shows.
    static constexpr int MaxLevel = 24;
    using StatusCounts = std::array<quint32, MapBannerStatusCount>;

    // A non-empty quadtree cell: [begin, end) in the sorted order.
    struct Cell
    {
        int level = 0;
        quint32 x = 0;
        quint32 y = 0;
        quint32 begin = 0;
        quint32 end = 0;

        QRectF worldRect() const;
        quint32 count() const { return end - begin; }
    };

    BannerSpatialIndex() = default;
    explicit BannerSpatialIndex(MapBannerSnapshot snapshot);

    const MapBannerSnapshot &snapshot() const { return m_snapshot; }
    quint32 size() const { return quint32(m_order.size()); }
    // The snapshot index of the banner at a sorted position.
    quint32 bannerAt(quint32 sortedPosition) const { return m_order[sortedPosition]; }
    const MapBanner &banner(quint32 snapshotIndex) const { return (*m_snapshot)[snapshotIndex]; }
    float maxSpeedKnots() const { return m_maxSpeedKnots; }

    // The non-empty cells of `level` that intersect `world`, appended to `out`.
    void cells(const QRectF &world, int level, std::vector<Cell> &out) const;
    // Runs of the sorted order that cover every banner in `world` (and some just outside it: callers
    // test the exact position, which dead reckoning moves anyway).
    void ranges(const QRectF &world, std::vector<Cell> &out) const;
    StatusCounts statusCounts(quint32 begin, quint32 end) const;
    // Banners of each status and marks over a run; a filter's visible count is a sum over these.
    MapClassCounts classCounts(quint32 begin, quint32 end) const;
    // The whole snapshot's classes, counted once when it was indexed: the legend's figures.
    const MapClassCounts &totalClassCounts() const { return m_totalClasses; }
    // The class of the banner at a sorted position.
    int classAt(quint32 sortedPosition) const { return m_sortedClass[sortedPosition]; }
    std::optional<quint32> indexOfId(quint64 id) const;

private:
    // Class counts are kept at every 64th sorted position; a count over a run reads at most 126 bytes.
    static constexpr quint32 SampleShift = 6;

    void descend(const QRectF &world, int targetLevel, bool wholeRuns, const Cell &cell, std::vector<Cell> &out) const;
    MapClassCounts classPrefix(quint32 position) const;

    MapBannerSnapshot m_snapshot;
    std::vector<quint64> m_keys;        // sorted Morton codes
    std::vector<quint32> m_order;       // snapshot index per sorted position
    std::vector<quint8> m_sortedClass; // mapBannerClass per sorted position
    std::vector<MapClassCounts> m_classSamples;
    MapClassCounts m_totalClasses{};
    std::vector<quint64> m_sortedIds;
    std::vector<quint32> m_idOrder; // snapshot index per entry of m_sortedIds
    float m_maxSpeedKnots = 0.0f;
};

} // namespace airdisplay
