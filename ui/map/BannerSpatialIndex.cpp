#include "BannerSpatialIndex.h"

#include "MercatorProjection.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace airdisplay {

namespace {

constexpr quint32 Side = 1u << BannerSpatialIndex::MaxLevel;

quint64 spread(quint32 v)
{
    quint64 x = v;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
    x = (x | (x << 2)) & 0x3333333333333333ull;
    x = (x | (x << 1)) & 0x5555555555555555ull;
    return x;
}

// x in the even bits, y in the odd ones: a cell's four children are the next two bits down.
quint64 morton(quint32 x, quint32 y)
{
    return spread(x) | (spread(y) << 1);
}

quint32 toGrid(double world)
{
    return quint32(std::clamp(world * Side, 0.0, double(Side - 1)));
}

// LSD radix sort of (key, index) pairs on the 48 bits in use: a million banners sort in a few tens of
// milliseconds, several times faster than std::sort.
void radixSort(std::vector<quint64> &keys, std::vector<quint32> &order)
{
    std::vector<quint64> keysTmp(keys.size());
    std::vector<quint32> orderTmp(order.size());
    for (int shift = 0; shift < 2 * BannerSpatialIndex::MaxLevel; shift += 12) {
        std::array<size_t, 4097> counts{};
        for (const quint64 k : keys)
            ++counts[((k >> shift) & 0xFFF) + 1];
        std::partial_sum(counts.begin(), counts.end(), counts.begin());
        for (size_t i = 0; i < keys.size(); ++i) {
            const size_t slot = counts[(keys[i] >> shift) & 0xFFF]++;
            keysTmp[slot] = keys[i];
            orderTmp[slot] = order[i];
        }
        keys.swap(keysTmp);
        order.swap(orderTmp);
    }
}

} // namespace

QRectF BannerSpatialIndex::Cell::worldRect() const
{
    const double size = 1.0 / double(1u << level);
    return {x * size, y * size, size, size};
}

BannerSpatialIndex::BannerSpatialIndex(MapBannerSnapshot snapshot)
    : m_snapshot(std::move(snapshot))
{
    if (!m_snapshot)
        return;
    const std::vector<MapBanner> &banners = *m_snapshot;
    const size_t n = banners.size();
    m_keys.resize(n);
    m_order.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const QPointF p = MercatorProjection::project(banners[i].lat, banners[i].lon);
        m_keys[i] = morton(toGrid(p.x()), toGrid(p.y()));
        m_order[i] = quint32(i);
        m_maxSpeedKnots = std::max(m_maxSpeedKnots, banners[i].speedKnots);
    }
    radixSort(m_keys, m_order);

    m_sortedClass.resize(n);
    m_classSamples.resize((n >> SampleShift) + 1);
    MapClassCounts running{};
    for (size_t i = 0; i < n; ++i) {
        if ((i & ((1u << SampleShift) - 1)) == 0)
            m_classSamples[i >> SampleShift] = running;
        const auto cls = quint8(mapBannerClass(banners[m_order[i]]));
        m_sortedClass[i] = cls;
        ++running[cls];
    }
    if ((n & ((1u << SampleShift) - 1)) == 0)
        m_classSamples[n >> SampleShift] = running;
    m_totalClasses = running;

    m_idOrder.resize(n);
    std::iota(m_idOrder.begin(), m_idOrder.end(), 0u);
    std::sort(m_idOrder.begin(), m_idOrder.end(), [&](quint32 a, quint32 b) { return banners[a].id < banners[b].id; });
    m_sortedIds.resize(n);
    for (size_t i = 0; i < n; ++i)
        m_sortedIds[i] = banners[m_idOrder[i]].id;
}

void BannerSpatialIndex::cells(const QRectF &world, int level, std::vector<Cell> &out) const
{
    if (!m_keys.empty())
        descend(world, std::clamp(level, 0, MaxLevel), false, Cell{0, 0, 0, 0, size()}, out);
}

void BannerSpatialIndex::ranges(const QRectF &world, std::vector<Cell> &out) const
{
    if (!m_keys.empty())
        descend(world, MaxLevel, true, Cell{0, 0, 0, 0, size()}, out);
}

void BannerSpatialIndex::descend(const QRectF &world, int targetLevel, bool wholeRuns, const Cell &cell,
                                 std::vector<Cell> &out) const
{
    const QRectF rect = cell.worldRect();
    if (rect.right() < world.left() || rect.left() > world.right() || rect.bottom() < world.top()
        || rect.top() > world.bottom())
        return;
    if (cell.level == targetLevel || (wholeRuns && world.contains(rect))) {
        out.push_back(cell);
        return;
    }
    const int childLevel = cell.level + 1;
    const int shift = 2 * (MaxLevel - childLevel);
    const quint64 firstChild = morton(cell.x, cell.y) << 2;
    quint32 begin = cell.begin;
    for (quint64 c = 0; c < 4; ++c) {
        quint32 end = cell.end;
        if (c < 3) {
            const quint64 limit = (firstChild + c + 1) << shift;
            end = quint32(std::lower_bound(m_keys.begin() + begin, m_keys.begin() + cell.end, limit) - m_keys.begin());
        }
        if (end > begin) {
            const Cell child{childLevel, (cell.x << 1) | quint32(c & 1), (cell.y << 1) | quint32(c >> 1), begin, end};
            descend(world, targetLevel, wholeRuns, child, out);
        }
        begin = end;
    }
}

MapClassCounts BannerSpatialIndex::classPrefix(quint32 position) const
{
    MapClassCounts counts = m_classSamples[position >> SampleShift];
    for (quint32 i = position & ~((1u << SampleShift) - 1); i < position; ++i)
        ++counts[m_sortedClass[i]];
    return counts;
}

MapClassCounts BannerSpatialIndex::classCounts(quint32 begin, quint32 end) const
{
    MapClassCounts counts{};
    if (end - begin <= 2u << SampleShift) {
        for (quint32 i = begin; i < end; ++i)
            ++counts[m_sortedClass[i]];
        return counts;
    }
    const MapClassCounts a = classPrefix(begin);
    const MapClassCounts b = classPrefix(end);
    for (int c = 0; c < MapBannerClassCount; ++c)
        counts[size_t(c)] = b[size_t(c)] - a[size_t(c)];
    return counts;
}

BannerSpatialIndex::StatusCounts BannerSpatialIndex::statusCounts(quint32 begin, quint32 end) const
{
    const MapClassCounts classes = classCounts(begin, end);
    StatusCounts counts{};
    for (int c = 0; c < MapBannerClassCount; ++c)
        counts[size_t(classStatus(c))] += classes[size_t(c)];
    return counts;
}

std::optional<quint32> BannerSpatialIndex::indexOfId(quint64 id) const
{
    const auto it = std::lower_bound(m_sortedIds.begin(), m_sortedIds.end(), id);
    if (it == m_sortedIds.end() || *it != id)
        return std::nullopt;
    return m_idOrder[size_t(it - m_sortedIds.begin())];
}

} // namespace airdisplay
