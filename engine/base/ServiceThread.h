#pragma once

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace airdisplay {

// A thread of the engine's own for one service loop (the store's writer, completer and
// checkpointer, the reminder scheduler, telemetry flushes, request expiry, ask timeouts), with one
// start/stop contract instead of one per service: it names the thread, owns the lock and the
// condition the loop waits on and the stop flag they guard, and stop() sets the flag under the
// lock, wakes the loop and joins it. The loop returns once it sees stopping().
//
// The service keeps its own state under mutex() (an inbox, a queue) and waits on condition().
class ServiceThread
{
public:
    explicit ServiceThread(QString name);
    // stop(): a service that forgot to stop does not leave a thread running into freed memory.
    ~ServiceThread();
    ServiceThread(const ServiceThread &) = delete;
    ServiceThread &operator=(const ServiceThread &) = delete;

    // Runs loop on a new thread; false (and nothing started) if one runs already.
    bool start(std::function<void()> loop);
    // Runs pass every interval (first at once if passAtStart) until stopped: the periodic service.
    bool startPeriodic(std::chrono::milliseconds interval, bool passAtStart, std::function<void()> pass);
    // Sets the stop flag, wakes the loop, and waits for it to return. interrupt: also wakes a loop
    // that waits somewhere else (a queue of its own). Idempotent; not from the loop's own thread.
    void stop(const std::function<void()> &interrupt = {});

    bool isRunning() const { return m_thread.joinable(); }
    bool isCurrentThread() const { return m_threadId.load(std::memory_order_acquire) == std::this_thread::get_id(); }

    std::mutex &mutex() const { return m_mutex; }
    std::condition_variable &condition() const { return m_wake; }
    // Read under mutex().
    bool stopping() const { return m_stopping; }
    // Wakes the loop (with or without the lock held).
    void wake() const { m_wake.notify_all(); }

private:
    const QString m_name;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<std::thread::id> m_threadId;
    std::thread m_thread;
};

} // namespace airdisplay
