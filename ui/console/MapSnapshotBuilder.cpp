#include "MapSnapshotBuilder.h"

#include "FleetIndex.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace airdisplay {

namespace {
// With nothing changed, a snapshot is still rebuilt this often so that banners turn stale on time.
constexpr qint64 kIdleRebuildMs = 1000;
} // namespace

MapSnapshotBuilder::MapSnapshotBuilder(const FleetIndex *index, QObject *parent)
    : QObject(parent), m_index(index), m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MapSnapshotBuilder::build);
}

void MapSnapshotBuilder::start()
{
    m_timer.start(0);
}

void MapSnapshotBuilder::stop()
{
    m_timer.stop();
}

MapBannerStatus MapSnapshotBuilder::mapStatus(const FleetIndexEntry &entry, qint64 nowMs)
{
    if (entry.status != BannerStatus::Offline && entry.lastSeenMs > 0 && nowMs - entry.lastSeenMs > kStaleAfterMs)
        return MapBannerStatus::Stale;
    // MapBannerStatus mirrors BannerStatus in its first values.
    return static_cast<MapBannerStatus>(entry.status);
}

void MapSnapshotBuilder::build()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_delivered.load(std::memory_order_acquire)) {
        m_timer.start(kMinIntervalMs);
        return;
    }
    QElapsedTimer elapsed;
    elapsed.start();
    m_index->refresh(m_snapshot);
    if (m_snapshot.lastCopied() == 0 && m_lastBuildMs != 0 && now - m_lastBuildMs < kIdleRebuildMs) {
        m_timer.start(kMinIntervalMs);
        return;
    }
    m_lastBuildMs = now;

    auto banners = std::make_shared<std::vector<MapBanner>>();
    banners->reserve(size_t(m_snapshot.size()));
    Counts counts;
    // Alerts ride along this pass over the fleet about once a second, so nothing else scans it.
    const bool deriveAlerts = now - m_lastAlertsMs >= kAlertIntervalMs;
    if (deriveAlerts) {
        m_lastAlertsMs = now;
        m_alerts.begin(now);
    }
    m_snapshot.forEach([&](const FleetIndexEntry &e) {
        ++counts.registered;
        const MapBannerStatus status = mapStatus(e, now);
        ++counts.byStatus[size_t(status)];
        if (!e.hasPosition) {
            // Not on the map, but a device that never reported can still be offline or waiting.
            if (deriveAlerts && status != MapBannerStatus::Idle) {
                MapBanner b;
                b.id = quint64(e.id);
                b.callsign = e.callsign;
                b.status = status;
                b.batteryPercent = e.batteryPercent;
                m_alerts.visit(b);
            }
            return;
        }
        MapBanner b;
        b.id = quint64(e.id);
        b.lastSeenMs = e.lastSeenMs;
        b.lat = float(e.latitude);
        b.lon = float(e.longitude);
        b.headingDeg = e.headingDeg;
        b.speedKnots = e.speedKnots;
        b.callsign = e.callsign;
        // Only a confirmed display is drawn as shown: the map says what is really in the sky.
        if (e.status == BannerStatus::Displaying)
            b.text = e.currentText;
        b.status = status;
        b.paused = e.paused;
        b.batteryPercent = e.batteryPercent;
        if (deriveAlerts)
            m_alerts.visit(b);
        banners->push_back(std::move(b));
    });
    counts.positioned = int(banners->size());
    m_delivered.store(true, std::memory_order_release);
    emit snapshotReady(MapBannerSnapshot(std::move(banners)), counts);
    if (deriveAlerts) {
        if (AlertChanges changes = m_alerts.finish(); !changes.isEmpty())
            emit alertsChanged(changes);
    }
    // A build that takes long (a million banners) is not repeated back to back: the map also needs
    // a core to index what it gets.
    m_timer.start(int(qMax<qint64>(kMinIntervalMs, 2 * elapsed.elapsed())));
}

} // namespace airdisplay
