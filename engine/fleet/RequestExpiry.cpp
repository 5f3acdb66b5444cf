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
    m_thread.startPeriodic(std::chrono::milliseconds(m_intervalMs), true, [this] { expireOnce(); });
}

void RequestExpiry::stop()
{
    m_thread.stop();
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
