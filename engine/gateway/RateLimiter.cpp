#include "RateLimiter.h"

#include <algorithm>

namespace airdisplay {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(std::max(ratePerSecond, 0.001)), m_burst(std::max(burst, 1.0))
{
}

bool RateLimiter::tryAcquire(qint64 key, qint64 nowMs)
{
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, nowMs});
    Bucket &b = it.value();
    const qint64 elapsed = std::max<qint64>(0, nowMs - b.updatedMs);
    b.tokens = std::min(m_burst, b.tokens + double(elapsed) * m_rate / 1000.0);
    b.updatedMs = nowMs;
    if (b.tokens < 1.0)
        return false;
    b.tokens -= 1.0;
    return true;
}

void RateLimiter::prune(qint64 nowMs)
{
    const double fullAfterMs = m_burst / m_rate * 1000.0;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (double(nowMs - it->updatedMs) > fullAfterMs)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace airdisplay
