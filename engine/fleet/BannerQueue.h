#pragma once

#include "BannerChange.h"
#include "BannerCommand.h"
#include "BannerState.h"
#include "BannerStatus.h"
#include "BannerSummary.h"
#include "Clock.h"
#include "FleetPolicy.h"
#include "MessageText.h"
#include "RequestLedger.h"

#include <optional>

namespace airdisplay {

// The state machine of one banner, free of threads and storage: each command changes the state and
// returns what changed (events, reminders, receipts, device commands) for the caller to commit.
//
// One FIFO queue; its first approved message goes to the device when the banner is connected, not
// paused and not already showing something. The display time starts when the device confirms, and
// ends when the reminder named after that very message fires.
class BannerQueue
{
public:
    BannerQueue(BannerState state, const FleetPolicy &policy, const MessageText &text, Clock clock,
                bool linkUp = false);

    const BannerState &state() const { return m_state; }
    bool isLinkUp() const { return m_linkUp; }
    BannerStatus status() const;
    // Attached to every event, so that a client can follow a banner from its events alone.
    BannerSummary summary() const;

    // The request ids accepted within the retention, as stored (the actor loads them at activation).
    void rememberRequests(const QList<BannerState::Accepted> &requests);
    // Request ids of a legacy state's window not yet in the store: the caller records them with the
    // next change it commits (that change's state no longer holds them).
    QList<BannerState::Accepted> takeUnrecordedRequests();

    // One command, decoded anywhere, as its transition below. author: who sent it (a customer's
    // submit and cancel are theirs; the others ignore it).
    BannerChange execute(const BannerCommand &command, const QString &author = {});

    // Customers. A retry (same author and request id within the policy's retention) gets the first
    // answer again, marked duplicate; the same request id with another text is a conflict.
    BannerChange submit(const QString &text, const QString &author, const QString &requestId);
    BannerChange cancel(qint64 messageId, const QString &author);

    // Dispatchers.
    BannerChange remove(qint64 messageId);
    // position is 1-based within the queue.
    BannerChange move(qint64 messageId, int position);
    BannerChange approve(qint64 messageId);
    // reason: shown to the customer with the rejected message; trimmed, may be empty.
    BannerChange reject(qint64 messageId, const QString &reason = {});
    // Puts a waiting message on air at once (approving it if it was held). What was on air goes
    // back to the head of the queue, to be shown again in full. A paused or offline banner cannot
    // show anything now: the message goes to the head of the queue instead.
    BannerChange showNow(qint64 messageId);
    // Ends what is showing now and pauses the banner, so that it stays dark until resumed.
    BannerChange blank();
    // A paused banner finishes what it shows but sends nothing new.
    BannerChange pause();
    BannerChange resume();

    // The device. showing: the message the device says it shows as it connects, if any.
    BannerChange deviceConnected(std::optional<qint64> showing = std::nullopt);
    BannerChange deviceDisconnected();
    BannerChange displayed(qint64 messageId);
    // The device reports it shows nothing, unasked: the confirmed message was cut short.
    BannerChange deviceBlanked();

    // A durable reminder of this banner fired.
    BannerChange reminderDue(const QString &name);

private:
    BannerChange finish(BannerChange change) const;
    // fields: the payload's members as JSON text; finish() adds the banner's summary.
    void addEvent(BannerChange &change, BannerEventType type, QByteArray fields = {});
    // position: the message's 1-based place in the queue, for the events that have one.
    void addMessageEvent(BannerChange &change, BannerEventType type, const BannerMessage &message,
                         std::optional<int> position = std::nullopt);
    void dispatchNext(BannerChange &change);
    void endCurrent(BannerChange &change, BannerMessage::Status how);
    DeviceCommand showCommand(const BannerMessage &message) const;
    qint64 estimatedStart(int queueIndex) const;
    int indexOf(qint64 messageId) const;
    FleetError notWaiting(qint64 messageId) const;
    // Takes a waiting message out of the queue with a final status.
    BannerChange dropWaiting(qint64 messageId, BannerMessage::Status how, BannerEventType eventType,
                             const QString &reason = {});

    BannerState m_state;
    const FleetPolicy *m_policy;
    const MessageText *m_text;
    Clock m_clock;
    bool m_linkUp;
    RequestLedger m_requests;
    QList<BannerState::Accepted> m_unrecorded;
};

} // namespace airdisplay
