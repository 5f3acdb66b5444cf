#include "BannerTrails.h"

#include <algorithm>

namespace airdisplay {

void BannerTrails::record(quint64 id, const GeoCoordinate &at, qint64 nowMs)
{
    auto it = m_trails.find(id);
    if (it == m_trails.end()) {
        if (m_trails.size() >= MaxTracked)
            return;
        it = m_trails.insert(id, {});
    }
    std::vector<Point> &points = *it;
    if (!points.empty() && nowMs - points.back().atMs < SampleMs)
        return;
    // A jump back in time (a test's clock, a snapshot from before a reopen) starts the trail afresh.
    if (!points.empty() && nowMs < points.back().atMs)
        points.clear();
    points.push_back({at, nowMs});
    const auto firstKept = std::find_if(points.begin(), points.end(),
                                        [&](const Point &p) { return nowMs - p.atMs <= LengthMs; });
    points.erase(points.begin(), firstKept);
}

void BannerTrails::prune(qint64 nowMs)
{
    if (nowMs - m_lastPruneMs < SampleMs)
        return;
    m_lastPruneMs = nowMs;
    for (auto it = m_trails.begin(); it != m_trails.end();) {
        if (it->empty() || nowMs - it->back().atMs > LengthMs)
            it = m_trails.erase(it);
        else
            ++it;
    }
}

const std::vector<BannerTrails::Point> *BannerTrails::trail(quint64 id) const
{
    const auto it = m_trails.constFind(id);
    return it == m_trails.constEnd() ? nullptr : &*it;
}

} // namespace airdisplay
