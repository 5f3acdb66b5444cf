#include "ActorMetrics.h"

#include <cmath>

namespace airdisplay {

quint64 ActorMetrics::turns() const
{
    quint64 n = 0;
    for (quint64 c : turnTimeNs)
        n += c;
    return n;
}

qint64 ActorMetrics::turnTimeQuantileNs(double quantile) const
{
    const quint64 total = turns();
    if (total == 0)
        return 0;
    const auto rank = quint64(std::ceil(qBound(0.0, quantile, 1.0) * double(total)));
    quint64 seen = 0;
    for (int b = 0; b < TurnHistogram::BucketCount; ++b) {
        seen += turnTimeNs[b];
        if (seen >= rank && seen > 0)
            return qint64(1) << (b + 1);
    }
    return qint64(1) << TurnHistogram::BucketCount;
}

} // namespace airdisplay
