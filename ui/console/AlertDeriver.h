#pragma once

#include "Alert.h"
#include "MapBanner.h"

#include <QString>

#include <unordered_map>
#include <vector>

namespace airdisplay {

// Finds the alerts a fleet's banners raise and tells only what changed since the previous pass. It
// has no thread of its own and is not thread-safe: MapSnapshotBuilder runs it on its worker about once
// a second, over banners it visits anyway, so the GUI thread never scans 100,000 banners for alerts.
// Failed commands are not derived here: they are events, not states (AlertsModel takes them).
class AlertDeriver
{
public:
    // A device that is back within this long raised nothing: links blip, a fleet that starts (the
    // demo's) registers its banners before their devices connect, and a gateway restart drops every
    // device for a few seconds. Alerts for those would only flash and beep. The alert's since is
    // still when the device was first seen offline.
    static constexpr qint64 kOfflineGraceMs = 10'000;

    void begin(qint64 nowMs);
    // Every banner of the fleet once between begin() and finish(); positioned or not.
    void visit(const MapBanner &banner);
    AlertChanges finish();

    // Convenience for a whole snapshot.
    AlertChanges derive(const std::vector<MapBanner> &banners, qint64 nowMs);

    int activeCount() const { return int(m_active.size()); }

private:
    struct Active
    {
        Alert alert;
        qint64 detailKey = 0; // what the detail was made from: it is formatted again only when this changes
        quint32 generation = 0;
        bool announced = false; // raised to the model (after its grace, if its kind has one)
    };

    // describe() is called only for a new alert or a changed detailKey: formatting thousands of
    // details every pass cost more than the rest of it.
    template<typename Describe>
    void observe(const MapBanner &banner, Alert::Kind kind, qint64 detailKey, Describe &&describe);
    static quint64 keyOf(qint64 bannerId, Alert::Kind kind) { return (quint64(bannerId) << 3) | quint64(kind); }

    std::unordered_map<quint64, Active> m_active;
    AlertChanges m_changes;
    quint32 m_generation = 0;
    qint64 m_nowMs = 0;
};

} // namespace airdisplay
