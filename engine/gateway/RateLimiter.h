#pragma once

#include <QHash>

namespace airdisplay {

// A token bucket per key (a token id): `burst` requests at once, refilled at `ratePerSecond`.
// Single-threaded: it belongs to the gateway thread.
class RateLimiter
{
public:
    RateLimiter(double ratePerSecond, double burst);

    // Takes one request's worth from key's bucket; false if it is empty.
    bool tryAcquire(qint64 key, qint64 nowMs);
    // Buckets full again for so long that they can be forgotten (bounds the table).
    void prune(qint64 nowMs);
    int size() const { return int(m_buckets.size()); }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    double m_rate;
    double m_burst;
    QHash<qint64, Bucket> m_buckets;
};

} // namespace airdisplay
