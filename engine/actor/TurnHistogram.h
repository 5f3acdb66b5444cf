#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>

namespace airdisplay {

// Turn durations in power-of-two nanosecond buckets. Written by one worker (plain relaxed stores,
// no read-modify-write on the hot path), read from any thread.
class TurnHistogram
{
public:
    static constexpr int BucketCount = 40; // bucket b counts turns in [2^b, 2^(b+1)) ns

    void record(qint64 nanoseconds) noexcept
    {
        const int b = bucketOf(nanoseconds);
        m_buckets[b].store(m_buckets[b].load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    static int bucketOf(qint64 nanoseconds) noexcept
    {
        if (nanoseconds <= 1)
            return 0;
        const int b = 63 - __builtin_clzll(quint64(nanoseconds));
        return b < BucketCount ? b : BucketCount - 1;
    }

    std::array<quint64, BucketCount> counts() const noexcept
    {
        std::array<quint64, BucketCount> out{};
        for (int i = 0; i < BucketCount; ++i)
            out[i] = m_buckets[i].load(std::memory_order_relaxed);
        return out;
    }

private:
    std::array<std::atomic<quint64>, BucketCount> m_buckets{};
};

} // namespace airdisplay
