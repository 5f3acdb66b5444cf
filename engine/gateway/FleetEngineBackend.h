#pragma once

#include "GatewayBackend.h"
#include "Store.h"

#include <QThreadPool>

namespace airdisplay {

class FleetEngine;

// The gateway's way into a real FleetEngine. Commands go straight to the engine. Receipts and
// event pages are store reads that FleetEngine does not offer, so this adapter keeps a Store of its
// own on the same database (only for reads: each read thread has its own connection, and SQLite in
// WAL mode and PostgreSQL both let it read while the engine writes) and runs them on a small pool,
// off the gateway thread.
class FleetEngineBackend final : public GatewayBackend
{
public:
    explicit FleetEngineBackend(FleetEngine &engine);
    ~FleetEngineBackend() override;

    // location: the same path or URL the engine was opened with.
    StoreStatus open(const QString &location);

    Reply<FleetResult> submit(qint64 bannerId, const QString &text, const QString &author,
                              const QString &requestId) override;
    Reply<FleetResult> cancel(qint64 bannerId, qint64 messageId, const QString &author) override;
    Reply<FleetResult> remove(qint64 bannerId, qint64 messageId) override;
    Reply<FleetResult> move(qint64 bannerId, qint64 messageId, int position) override;
    Reply<FleetResult> approve(qint64 bannerId, qint64 messageId) override;
    Reply<FleetResult> reject(qint64 bannerId, qint64 messageId) override;
    Reply<FleetResult> blank(qint64 bannerId) override;
    Reply<FleetResult> pause(qint64 bannerId) override;
    Reply<FleetResult> resume(qint64 bannerId) override;
    Reply<std::optional<BannerState>> bannerState(qint64 bannerId) override;
    Reply<FleetResult> registerBanners(const QList<BannerRecord> &banners) override;

    Reply<FleetResult> deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                       std::optional<qint64> showing) override;
    Reply<FleetResult> deviceDisconnected(qint64 bannerId, const DeviceLink *link) override;
    Reply<FleetResult> displayed(qint64 bannerId, qint64 messageId) override;
    Reply<FleetResult> deviceBlanked(qint64 bannerId) override;
    void telemetry(const TelemetryRecord &record) override;

    SubscriptionId subscribe(EventHandler handler, QSet<qint64> banners, std::optional<qint64> afterSeq) override;
    void unsubscribe(SubscriptionId id) override;
    bool subscriptionIsLive(SubscriptionId id) const override;

    const FleetIndex &fleetIndex() const override;
    Reply<Receipt> receipt(qint64 messageId) override;
    Reply<EventPage> eventsSince(qint64 afterSeq, int limit, const QList<qint64> &banners) override;
    FleetMetrics metrics() const override;
    bool isOpen() const override;
    const FleetPolicy &policy() const override;

private:
    FleetEngine &m_engine;
    Store m_reads;
    QThreadPool m_readPool;
};

} // namespace airdisplay
