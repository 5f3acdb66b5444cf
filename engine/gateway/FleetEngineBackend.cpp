#include "FleetEngineBackend.h"

#include "FleetEngine.h"


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

Reply<FleetResult> FleetEngineBackend::submit(qint64 bannerId, const QString &text, const QString &author,
                                              const QString &requestId)
{
    return m_engine.submit(bannerId, text, author, requestId);
}

Reply<FleetResult> FleetEngineBackend::cancel(qint64 bannerId, qint64 messageId, const QString &author)
{
    return m_engine.cancel(bannerId, messageId, author);
}

Reply<FleetResult> FleetEngineBackend::remove(qint64 bannerId, qint64 messageId)
{
    return m_engine.remove(bannerId, messageId);
}

Reply<FleetResult> FleetEngineBackend::move(qint64 bannerId, qint64 messageId, int position)
{
    return m_engine.move(bannerId, messageId, position);
}

Reply<FleetResult> FleetEngineBackend::approve(qint64 bannerId, qint64 messageId)
{
    return m_engine.approve(bannerId, messageId);
}

Reply<FleetResult> FleetEngineBackend::reject(qint64 bannerId, qint64 messageId)
{
    return m_engine.reject(bannerId, messageId);
}

Reply<FleetResult> FleetEngineBackend::blank(qint64 bannerId)
{
    return m_engine.blank(bannerId);
}

Reply<FleetResult> FleetEngineBackend::pause(qint64 bannerId)
{
    return m_engine.pause(bannerId);
}

Reply<FleetResult> FleetEngineBackend::resume(qint64 bannerId)
{
    return m_engine.resume(bannerId);
}

Reply<std::optional<BannerState>> FleetEngineBackend::bannerState(qint64 bannerId)
{
    return m_engine.bannerState(bannerId);
}

Reply<FleetResult> FleetEngineBackend::registerBanners(const QList<BannerRecord> &banners)
{
    return m_engine.registerBanners(banners);
}

Reply<FleetResult> FleetEngineBackend::deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                                       std::optional<qint64> showing)
{
    return m_engine.deviceConnected(bannerId, std::move(link), showing);
}

Reply<FleetResult> FleetEngineBackend::deviceDisconnected(qint64 bannerId, const DeviceLink *link)
{
    return m_engine.deviceDisconnected(bannerId, link);
}

Reply<FleetResult> FleetEngineBackend::displayed(qint64 bannerId, qint64 messageId)
{
    return m_engine.displayed(bannerId, messageId);
}

Reply<FleetResult> FleetEngineBackend::deviceBlanked(qint64 bannerId)
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

Reply<GatewayBackend::Receipt> FleetEngineBackend::receipt(qint64 messageId)
{
    Reply<Receipt> reply;
    m_readPool.start([this, messageId, reply] {
        Receipt r;
        const StoreResult<std::optional<MessageRecord>> loaded = m_reads.loadMessage(messageId);
        if (loaded)
            r.message = loaded.value();
        else
            r.error = loaded.error();
        reply.settle(std::move(r));
    });
    return reply;
}

Reply<GatewayBackend::EventPage> FleetEngineBackend::eventsSince(qint64 afterSeq, int limit, const QList<qint64> &banners)
{
    Reply<EventPage> reply;
    m_readPool.start([this, afterSeq, limit, banners, reply] {
        EventPage page;
        const StoreResult<QList<EventRecord>> loaded = m_reads.eventsSince(afterSeq, limit, banners);
        if (loaded)
            page.events = loaded.value();
        else
            page.error = loaded.error();
        reply.settle(std::move(page));
    });
    return reply;
}

FleetMetrics FleetEngineBackend::metrics() const
{
    return m_engine.metrics();
}

const FleetPolicy &FleetEngineBackend::policy() const
{
    return m_engine.policy();
}

bool FleetEngineBackend::isOpen() const
{
    return m_engine.isOpen() && m_reads.isOpen();
}

} // namespace airdisplay
