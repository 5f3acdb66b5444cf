#pragma once

#include "BannerRecord.h"
#include "BannerState.h"
#include "DeviceLink.h"
#include "EventBus.h"
#include "EventRecord.h"
#include "FleetMetrics.h"
#include "FleetPolicy.h"
#include "FleetResult.h"
#include "MessageRecord.h"
#include "Reply.h"
#include "StoreError.h"
#include "TelemetryRecord.h"

#include <QList>
#include <QSet>

#include <memory>
#include <optional>

namespace airdisplay {

class FleetIndex;

// What the gateway needs from the banner engine: the commands of FleetEngine plus the reads of the
// store's event log and message receipts. FleetEngineBackend adapts a real FleetEngine; keeping
// the gateway on this interface lets it be tested and benchmarked against the engine as it is.
// Every method may be called from the gateway thread and must not block on the engine.
class GatewayBackend
{
public:
    struct Receipt
    {
        std::optional<MessageRecord> message;
        StoreError error;
    };

    struct EventPage
    {
        QList<EventRecord> events;
        StoreError error;
    };

    virtual ~GatewayBackend() = default;

    virtual Reply<FleetResult> submit(qint64 bannerId, const QString &text, const QString &author,
                                      const QString &requestId) = 0;
    virtual Reply<FleetResult> cancel(qint64 bannerId, qint64 messageId, const QString &author) = 0;
    virtual Reply<FleetResult> remove(qint64 bannerId, qint64 messageId) = 0;
    virtual Reply<FleetResult> move(qint64 bannerId, qint64 messageId, int position) = 0;
    virtual Reply<FleetResult> approve(qint64 bannerId, qint64 messageId) = 0;
    virtual Reply<FleetResult> reject(qint64 bannerId, qint64 messageId) = 0;
    virtual Reply<FleetResult> blank(qint64 bannerId) = 0;
    virtual Reply<FleetResult> pause(qint64 bannerId) = 0;
    virtual Reply<FleetResult> resume(qint64 bannerId) = 0;
    virtual Reply<std::optional<BannerState>> bannerState(qint64 bannerId) = 0;
    // All or nothing: AlreadyRegistered if any id is in the fleet already.
    virtual Reply<FleetResult> registerBanners(const QList<BannerRecord> &banners) = 0;

    virtual Reply<FleetResult> deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                               std::optional<qint64> showing) = 0;
    virtual Reply<FleetResult> deviceDisconnected(qint64 bannerId, const DeviceLink *link) = 0;
    virtual Reply<FleetResult> displayed(qint64 bannerId, qint64 messageId) = 0;
    virtual Reply<FleetResult> deviceBlanked(qint64 bannerId) = 0;
    virtual void telemetry(const TelemetryRecord &record) = 0;

    // See EventBus::subscribe: the handler runs on an engine thread and must only queue.
    virtual SubscriptionId subscribe(EventHandler handler, QSet<qint64> banners, std::optional<qint64> afterSeq) = 0;
    virtual void unsubscribe(SubscriptionId id) = 0;
    // A subscription from a sequence number has caught up with the log (see EventBus::isLive).
    virtual bool subscriptionIsLive(SubscriptionId id) const = 0;

    virtual const FleetIndex &fleetIndex() const = 0;
    virtual Reply<Receipt> receipt(qint64 messageId) = 0;
    virtual Reply<EventPage> eventsSince(qint64 afterSeq, int limit, const QList<qint64> &banners) = 0;
    virtual FleetMetrics metrics() const = 0;
    virtual bool isOpen() const = 0;
    // The rules submissions are held to, which clients are told in `welcome` so that they check
    // what the engine will check (the text limit above all) before sending.
    virtual const FleetPolicy &policy() const = 0;
};

} // namespace airdisplay
