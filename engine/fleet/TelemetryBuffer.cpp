#include "TelemetryBuffer.h"

#include "FleetLogging.h"
#include "Store.h"

#include <chrono>

namespace airdisplay {

TelemetryBuffer::TelemetryBuffer(Store &store, qint64 intervalMs) : m_store(store), m_intervalMs(intervalMs) {}

TelemetryBuffer::~TelemetryBuffer()
{
    stop();
}

void TelemetryBuffer::start()
{
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void TelemetryBuffer::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    flush();
}

void TelemetryBuffer::add(const TelemetryRecord &record)
{
    std::lock_guard lock(m_mutex);
    auto it = m_pending.find(record.bannerId);
    if (it == m_pending.end())
        m_pending.insert(record.bannerId, record);
    else if (it->atMs <= record.atMs)
        *it = record;
}

void TelemetryBuffer::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stopping; });
        if (m_stopping)
            break;
        lock.unlock();
        flush();
        lock.lock();
    }
}

void TelemetryBuffer::flush()
{
    QHash<qint64, TelemetryRecord> rows;
    {
        std::lock_guard lock(m_mutex);
        rows.swap(m_pending);
    }
    if (rows.isEmpty())
        return;
    const QList<TelemetryRecord> list = rows.values();
    const quint64 count = quint64(list.size());
    m_store.writeTelemetry(list, [this, count](WriteResult result) {
        if (result.ok())
            m_flushedRows.fetch_add(count, std::memory_order_relaxed);
        else
            qCWarning(lcFleet) << "telemetry flush of" << count << "banners failed:" << result.error.message();
    });
}

} // namespace airdisplay
