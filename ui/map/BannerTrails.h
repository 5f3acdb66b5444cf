#pragma once

#include "GeoCoordinate.h"

#include <QHash>

#include <vector>

namespace airdisplay {

// Where the planes in view have just been: a short track behind each, as tar1090 draws, so a
// dispatcher sees which way a plane is working the beach. Positions are sampled as the map draws the
// plane (dead-reckoned between fixes, so a turn shows once the next fix arrives), kept for a minute,
// and only for the planes drawn one by one: a world view tracks nothing.
class BannerTrails
{
public:
    static constexpr qint64 LengthMs = 60'000;
    static constexpr qint64 SampleMs = 2'000;
    static constexpr int MaxTracked = 5'000;

    struct Point
    {
        GeoCoordinate at;
        qint64 atMs = 0;
    };

    void record(quint64 id, const GeoCoordinate &at, qint64 nowMs);
    // Trails older than LengthMs are dropped, whole ones when their plane left the view.
    void prune(qint64 nowMs);
    // Oldest first; empty if the plane was not seen for a while.
    const std::vector<Point> *trail(quint64 id) const;
    int trackedCount() const { return int(m_trails.size()); }
    void clear() { m_trails.clear(); }

private:
    QHash<quint64, std::vector<Point>> m_trails;
    qint64 m_lastPruneMs = 0;
};

} // namespace airdisplay
