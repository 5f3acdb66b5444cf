#pragma once

#include "ActorSystem.h"
#include "BannerActor.h"
#include "BannerCommand.h"
#include "BannerRecord.h"
#include "BannerState.h"
#include "DeviceLink.h"
#include "EventBus.h"
#include "EventRecord.h"
#include "FleetEngineOptions.h"
#include "FleetError.h"
#include "FleetMetrics.h"
#include "FleetResult.h"
#include "MessageRecord.h"
#include "Reminder.h"
#include "Reply.h"
#include "StoreResult.h"
#include "TelemetryRecord.h"

#include <QList>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace airdisplay {

class DeviceRegistry;
class FleetIndex;
class MessageText;
class ReminderScheduler;
class RequestExpiry;
class Store;
class TelemetryBuffer;

// The banner engine behind one thread-safe API: what airdisplayd, the console and the gateway use.
//
// Every command returns a Reply that settles once its change has committed (or with the reason it
// was refused); nothing blocks the caller. reply.then(receiver, ...) hands the answer to the
// receiver's thread, unless the receiver is destroyed first. Commands for one banner from one
// thread are applied in the order they were made.
class FleetEngine
{
public:
    explicit FleetEngine(FleetEngineOptions options = {});
    ~FleetEngine();
    FleetEngine(const FleetEngine &) = delete;
    FleetEngine &operator=(const FleetEngine &) = delete;

    // Opens the store (a SQLite path or a postgresql:// URL), loads the fleet into the index (the
    // registry, what each banner last committed and its last telemetry; see FleetIndexLoader),
    // starts the actors and the reminder scheduler. Overdue reminders fire at once. Blocks while
    // it reads the fleet: not for the GUI thread.
    FleetError open(const QString &location);
    bool isOpen() const { return m_open.load(std::memory_order_acquire); }
    // Refuses new commands, handles what is queued (until the deadline), commits everything, and
    // closes the store. Idempotent; the destructor calls it.
    void shutdown(std::chrono::milliseconds deadline = std::chrono::seconds(10));

    // --- fleet registry -----------------------------------------------------------------------
    // Ids 1 .. BannerState::kMaxBannerId, callsigns unique. Large lists are written in chunks; the
    // answer comes when all committed (an error names the first chunk that did not).
    Reply<FleetResult> registerBanners(const QList<BannerRecord> &banners);
    Reply<FleetResult> registerBanner(qint64 id, const QString &callsign);

    // --- commands -----------------------------------------------------------------------------
    // Any command of a customer, a dispatcher or a device (see BannerCommand), run by the banner's
    // actor. author: who sent it, for a customer's submit and cancel (ignored by the others).
    Reply<FleetResult> execute(qint64 bannerId, BannerCommand command, QString author = {});
    // The banner's queue and current message once its changes so far have committed (a queue view).
    Reply<std::optional<BannerState>> bannerState(qint64 bannerId);
    // A message's receipt (author, times of submission, confirmed start and end), read from the
    // store on a thread of the engine's, never the caller's; empty if there is no such message.
    Reply<StoreResult<std::optional<MessageRecord>>> receipt(qint64 messageId);
    // A page of the event log after afterSeq (limit 1 to 1000), of the given banners or all.
    Reply<StoreResult<QList<EventRecord>>> eventsSince(qint64 afterSeq, int limit, QList<qint64> banners = {});
    // The banner's most recent messages, newest first (limit 1 to 1000).
    Reply<QList<MessageRecord>> messageHistory(qint64 bannerId, int limit);

    // --- devices ------------------------------------------------------------------------------
    // A device connected (or said hello again); showing: the message it says it shows, if any.
    Reply<FleetResult> deviceConnected(qint64 bannerId, std::shared_ptr<DeviceLink> link,
                                       std::optional<qint64> showing = std::nullopt);
    Reply<FleetResult> deviceDisconnected(qint64 bannerId, const DeviceLink *link);
    // Soft state: goes to the index at once and to the store in the next periodic batch.
    void telemetry(const TelemetryRecord &record);

    // --- observation --------------------------------------------------------------------------
    // See EventBus: handlers run on the store's completion thread (or a catch-up thread) and must be quick.
    SubscriptionId subscribe(EventHandler handler, QSet<qint64> banners = {},
                             std::optional<qint64> afterSeq = std::nullopt);
    void unsubscribe(SubscriptionId id);
    bool subscriptionIsLive(SubscriptionId id) const;
    // Valid while the engine exists (it is empty before open).
    const FleetIndex &fleetIndex() const { return *m_index; }
    FleetMetrics metrics() const;
    const FleetPolicy &policy() const { return m_options.policy; }
    // Look at the clock again now: for an injected clock that was moved.
    void wakeReminders();

private:
    class Use;

    template<typename Fn>
    Reply<FleetResult> askBanner(qint64 bannerId, Fn &&command);
    FleetError loadIndex();
    void onReminder(const Reminder &reminder);

    const FleetEngineOptions m_options;
    std::atomic<bool> m_open{false};
    mutable std::atomic<int> m_users{0}; // see Use
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MessageText> m_text;
    std::unique_ptr<FleetIndex> m_index;
    std::unique_ptr<DeviceRegistry> m_devices;
    std::unique_ptr<EventBus> m_events;
    std::unique_ptr<FleetContext> m_context;
    std::unique_ptr<ActorSystem> m_actors;
    ActorType<BannerActor> m_bannerType;
    std::unique_ptr<ReminderScheduler> m_reminders;
    std::unique_ptr<TelemetryBuffer> m_telemetry;
    std::unique_ptr<RequestExpiry> m_requestExpiry;
    QThreadPool m_readers;
};

} // namespace airdisplay
