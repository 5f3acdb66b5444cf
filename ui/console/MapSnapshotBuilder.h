#pragma once

#include "AlertDeriver.h"
#include "FleetSnapshot.h"
#include "MapBanner.h"

#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <array>
#include <atomic>

namespace airdisplay {

class FleetIndex;

// Turns the engine's FleetIndex into what the map draws, on a worker thread: a million banners take
// tens of milliseconds to copy, which the GUI thread must not spend. It builds at most 30 times a
// second, backs off when a build takes long, and builds nothing new until the GUI took the last one.
class MapSnapshotBuilder : public QObject
{
    Q_OBJECT

public:
    struct Counts
    {
        int registered = 0;
        int positioned = 0;
        std::array<int, MapBannerStatusCount> byStatus{};
    };

    // Telemetry older than this marks a connected banner stale on the map.
    static constexpr qint64 kStaleAfterMs = 30'000;
    static constexpr int kMinIntervalMs = 33;
    // Alerts are derived in a build at most this often: a dispatcher reads them, 30 Hz helps nobody.
    static constexpr qint64 kAlertIntervalMs = 1000;

    explicit MapSnapshotBuilder(const FleetIndex *index, QObject *parent = nullptr);

    // On the builder's thread.
    void start();
    void stop();
    // Any thread: the GUI has taken the last snapshot.
    void acknowledge() { m_delivered.store(false, std::memory_order_release); }

    static MapBannerStatus mapStatus(const FleetIndexEntry &entry, qint64 nowMs);

signals:
    void snapshotReady(const airdisplay::MapBannerSnapshot &snapshot, const airdisplay::MapSnapshotBuilder::Counts &counts);
    // Only when something changed; the first pass raises every alert the fleet has.
    void alertsChanged(const airdisplay::AlertChanges &changes);

private:
    void build();

    const FleetIndex *m_index;
    FleetSnapshot m_snapshot;
    QTimer m_timer;
    std::atomic<bool> m_delivered{false};
    qint64 m_lastBuildMs = 0;
    AlertDeriver m_alerts;
    qint64 m_lastAlertsMs = 0;
};

} // namespace airdisplay

Q_DECLARE_METATYPE(airdisplay::MapSnapshotBuilder::Counts)
