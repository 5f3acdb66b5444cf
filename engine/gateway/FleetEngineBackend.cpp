#include "FleetEngineBackend.h"

#include "FleetEngine.h"

#include <QtConcurrent/QtConcurrentRun>

namespace airdisplay {

FleetEngineBackend::FleetEngineBackend(FleetEngine &engine) : m_engine(engine)
{
    // Two readers: a page of events and a receipt can run side by side; more would only contend
    // with the engine's writer for the database.
    m_readPool.setMaxThreadCount(2);
    m_readPool.setObjectName(QStringLiteral("airdisplay.gateway.reads"));
}

FleetEngineBackend::~FleetEngineBackend()
{
    m_readPool.waitForDone();
    m_reads.close();
}

StoreStatus FleetEngineBackend::open(const QString &location)
{
    return m_reads.open(location);
}

QFuture<FleetResult> FleetEngineBackend::submit(qint64 bannerId, const QString &text, const QString &author,
                                                const QString &requestId)
{
    return m_engine.submit(bannerId, text, author, requestId);
}

QFuture<FleetResult> FleetEngineBackend::cancel(qint64 bannerId, qint64 messageId, const QString &author)
{
    return m_engine.cancel(bannerId, messageId, author);
}

QFuture<FleetResult> FleetEngineBackend::remove(qint64 bannerId, qint64 messageId)
{
    return m_engine.remove(bannerId, messageId);
}

QFuture<FleetResult> FleetEngineBackend::move(qint64 bannerId, qint64 messageId, int position)
{
    return m_engine.move(bannerId, messageId, position);
}

QFuture<FleetResult> FleetEngineBackend::approve(qint64 bannerId, qint64 messageId)
{
    return m_engine.approve(bannerId, messageId);
}

QFuture<FleetResult> FleetEngineBackend::reject(qint64 bannerId, qint64 messageId)
{
    return m_engine.reject(bannerId, messageId);
}

QFuture<FleetResult> FleetEngineBackend::blank(qint64 bannerId)
{
    return m_engine.blank(bannerId);
}

QFuture<FleetResult> FleetEngineBackend::pause(qint64 bannerId)
{
    return m_engine.pause(bannerId);
}

QFuture<FleetResult> FleetEngineBackend::resume(qint64 bannerId)
{
    return m_engine.resume(bannerId);
}

QFuture<std::optional<BannerState>> FleetEngineBackend::bannerState(qint64 bannerId)
{
    return m_engine.bannerState(bannerId);
}

QFuture<FleetResult> FleetEngineBackend::registerBanners(const QList<BannerRecord> &banners)
{
    return m_engine.registerBanners(banners);
}

QFuture<FleetResult> FleetEngineBackend::deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                                         std::optional<qint64> showing)
{
    return m_engine.deviceConnected(bannerId, std::move(link), showing);
}

QFuture<FleetResult> FleetEngineBackend::deviceDisconnected(qint64 bannerId, const DeviceLink *link)
{
    return m_engine.deviceDisconnected(bannerId, link);
}

QFuture<FleetResult> FleetEngineBackend::displayed(qint64 bannerId, qint64 messageId)
{
    return m_engine.displayed(bannerId, messageId);
}

QFuture<FleetResult> FleetEngineBackend::deviceBlanked(qint64 bannerId)
{
    return m_engine.deviceBlanked(bannerId);
}

void FleetEngineBackend::telemetry(const TelemetryRecord &record)
{
    m_engine.telemetry(record);
}

SubscriptionId FleetEngineBackend::subscribe(EventHandler handler, QSet<qint64> banners, std::optional<qint64> afterSeq)
{
    return m_engine.subscribe(std::move(handler), std::move(banners), afterSeq);
}

void FleetEngineBackend::unsubscribe(SubscriptionId id)
{
    m_engine.unsubscribe(id);
}

bool FleetEngineBackend::subscriptionIsLive(SubscriptionId id) const
{
    return m_engine.subscriptionIsLive(id);
}

const FleetIndex &FleetEngineBackend::fleetIndex() const
{
    return m_engine.fleetIndex();
}

QFuture<GatewayBackend::Receipt> FleetEngineBackend::receipt(qint64 messageId)
{
    return QtConcurrent::run(&m_readPool, [this, messageId] {
        Receipt r;
        const StoreResult<std::optional<MessageRecord>> loaded = m_reads.loadMessage(messageId);
        if (loaded)
            r.message = loaded.value();
        else
            r.error = loaded.error();
        return r;
    });
}

QFuture<GatewayBackend::EventPage> FleetEngineBackend::eventsSince(qint64 afterSeq, int limit, const QList<qint64> &banners)
{
    return QtConcurrent::run(&m_readPool, [this, afterSeq, limit, banners] {
        EventPage page;
        const StoreResult<QList<EventRecord>> loaded = m_reads.eventsSince(afterSeq, limit, banners);
        if (loaded)
            page.events = loaded.value();
        else
            page.error = loaded.error();
        return page;
    });
}

FleetMetrics FleetEngineBackend::metrics() const
{
    return m_engine.metrics();
}

bool FleetEngineBackend::isOpen() const
{
    return m_engine.isOpen() && m_reads.isOpen();
}

} // namespace airdisplay
