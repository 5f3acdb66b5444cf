#pragma once

#include "ServiceThread.h"
#include "TelemetryRecord.h"

#include <QHash>

#include <atomic>
#include <mutex>

namespace airdisplay {

class Store;

// Telemetry is soft state: the latest report per banner is kept here and written to the store in
// one batch every interval, so a million banners reporting every second cost one write a few
// seconds, not a million.
class TelemetryBuffer
{
public:
    TelemetryBuffer(Store &store, qint64 intervalMs);
    ~TelemetryBuffer();
    TelemetryBuffer(const TelemetryBuffer &) = delete;
    TelemetryBuffer &operator=(const TelemetryBuffer &) = delete;

    void start();
    // Flushes what is buffered and stops the thread.
    void stop();
    // Any thread. A newer report replaces an older one of the same banner.
    void add(const TelemetryRecord &record);
    quint64 flushedRows() const { return m_flushedRows.load(std::memory_order_relaxed); }

private:
    void flush();

    Store &m_store;
    const qint64 m_intervalMs;
    std::mutex m_mutex; // the reports, which come from every thread
    QHash<qint64, TelemetryRecord> m_pending;
    ServiceThread m_thread{QStringLiteral("airdisplay-telemetry")};
    std::atomic<quint64> m_flushedRows{0};
};

} // namespace airdisplay
