#include "AlertDeriver.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cmath>

namespace airdisplay {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AlertDeriver", text);
}

QString lastHeard(qint64 lastSeenMs)
{
    if (lastSeenMs <= 0)
        return tr("never reported a position");
    return tr("last position %1 UTC")
        .arg(QDateTime::fromMSecsSinceEpoch(lastSeenMs, Qt::UTC).toString(QStringLiteral("HH:mm:ss")));
}

} // namespace

void AlertDeriver::begin(qint64 nowMs)
{
    m_nowMs = nowMs;
    ++m_generation;
    m_changes = {};
}

template<typename Describe>
void AlertDeriver::observe(const MapBanner &banner, Alert::Kind kind, qint64 detailKey, Describe &&describe)
{
    const auto [it, inserted] = m_active.try_emplace(keyOf(qint64(banner.id), kind));
    Active &active = it->second;
    active.generation = m_generation;
    if (inserted) {
        active.alert.bannerId = qint64(banner.id);
        active.alert.kind = kind;
        active.alert.sinceMs = m_nowMs;
    }
    if (!active.announced) {
        if (kind == Alert::Kind::Offline && m_nowMs - active.alert.sinceMs < kOfflineGraceMs)
            return;
        active.announced = true;
        active.alert.callsign = banner.callsign;
        active.alert.detail = describe();
        active.detailKey = detailKey;
        m_changes.raised.append(active.alert);
        return;
    }
    // Details change slowly (a whole battery percent, a new last fix): only those changes travel.
    if (active.detailKey != detailKey || active.alert.callsign != banner.callsign) {
        active.alert.detail = describe();
        active.alert.callsign = banner.callsign;
        active.detailKey = detailKey;
        m_changes.updated.append(active.alert);
    }
}

void AlertDeriver::visit(const MapBanner &banner)
{
    switch (banner.status) {
    case MapBannerStatus::Offline:
        observe(banner, Alert::Kind::Offline, banner.lastSeenMs,
                [&] { return tr("device not connected; %1").arg(lastHeard(banner.lastSeenMs)); });
        break;
    case MapBannerStatus::Stale:
        observe(banner, Alert::Kind::StalePosition, banner.lastSeenMs, [&] { return lastHeard(banner.lastSeenMs); });
        break;
    case MapBannerStatus::PendingReview:
        observe(banner, Alert::Kind::WaitingReview, 0, [] { return tr("a message waits for review"); });
        break;
    default:
        break;
    }
    // An offline device's last battery report says little about now; the offline alert says enough.
    if (isLowBattery(banner) && banner.status != MapBannerStatus::Offline) {
        const int percent = int(std::floor(banner.batteryPercent));
        observe(banner, Alert::Kind::LowBattery, percent, [percent] { return tr("battery %1 %").arg(percent); });
    }
}

AlertChanges AlertDeriver::finish()
{
    // What was not seen in this pass has cleared (a banner that left the fleet clears too).
    for (auto it = m_active.begin(); it != m_active.end();) {
        if (it->second.generation != m_generation) {
            if (it->second.announced)
                m_changes.cleared.append({it->second.alert.bannerId, it->second.alert.kind});
            it = m_active.erase(it);
        } else {
            ++it;
        }
    }
    return std::exchange(m_changes, {});
}

AlertChanges AlertDeriver::derive(const std::vector<MapBanner> &banners, qint64 nowMs)
{
    begin(nowMs);
    for (const MapBanner &b : banners)
        visit(b);
    return finish();
}

} // namespace airdisplay
