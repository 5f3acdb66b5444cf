#include "RequestExpiry.h"

#include "FleetLogging.h"
#include "Store.h"

#include <chrono>

namespace airdisplay {

RequestExpiry::RequestExpiry(Store &store, Clock clock, qint64 retentionMs, qint64 intervalMs)
    : m_store(store), m_clock(std::move(clock)), m_retentionMs(retentionMs), m_intervalMs(intervalMs)
{
}

RequestExpiry::~RequestExpiry()
{
    stop();
}

void RequestExpiry::start()
{
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void RequestExpiry::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void RequestExpiry::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        expireOnce();
        lock.lock();
        m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stopping; });
    }
}

void RequestExpiry::expireOnce()
{
    WriteBatch batch;
    batch.expireRequests(m_clock() - m_retentionMs);
    m_store.submit(std::move(batch), [](WriteResult result) {
        if (!result.ok())
            qCWarning(lcFleet) << "expiring old request ids failed:" << result.error.message();
    });
}

} // namespace airdisplay
