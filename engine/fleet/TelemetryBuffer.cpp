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
    m_thread.startPeriodic(std::chrono::milliseconds(m_intervalMs), false, [this] { flush(); });
}

void TelemetryBuffer::stop()
{
    if (!m_thread.isRunning())
        return;
    m_thread.stop();
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
