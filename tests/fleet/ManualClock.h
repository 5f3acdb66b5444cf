#pragma once

#include "Clock.h"

#include <atomic>
#include <memory>

// A clock the test moves by hand, shared by value with whatever it is injected into.
class ManualClock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(std::make_shared<std::atomic<qint64>>(startMs)) {}

    qint64 now() const { return m_now->load(); }
    void advance(qint64 ms) { m_now->fetch_add(ms); }
    airdisplay::Clock clock() const
    {
        return [now = m_now] { return now->load(); };
    }

private:
    std::shared_ptr<std::atomic<qint64>> m_now;
};
