#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

// A counting semaphore for handing answers from store threads to a test. Built on the standard
// primitives, unlike QSemaphore, so that ThreadSanitizer sees the hand-off.
class TestSemaphore
{
public:
    // Notifies under the lock: the waiter may destroy the semaphore as soon as it can return.
    void release(int n = 1)
    {
        std::lock_guard locker(m_mutex);
        m_count += n;
        m_changed.notify_all();
    }

    void acquire(int n = 1)
    {
        std::unique_lock locker(m_mutex);
        m_changed.wait(locker, [&] { return m_count >= n; });
        m_count -= n;
    }

    bool tryAcquire(int n, int timeoutMs)
    {
        std::unique_lock locker(m_mutex);
        if (!m_changed.wait_for(locker, std::chrono::milliseconds(timeoutMs), [&] { return m_count >= n; }))
            return false;
        m_count -= n;
        return true;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_count = 0;
};
