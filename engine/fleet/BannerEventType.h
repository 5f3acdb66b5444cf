#pragma once

#include <QObject>
#include <QString>

#include <optional>

namespace airdisplay {

Q_NAMESPACE

// Every event a banner's log holds. The wire and the store spell them in snake_case
// ("message_queued"), derived from these names by eventTypeName(): no table to keep in step.
enum class BannerEventType {
    BannerRegistered,
    MessageQueued,
    MessageHeld,
    MessageApproved,
    MessageRejected,
    MessageSent,
    MessageDisplaying,
    MessageShown,
    MessageBlanked,
    MessageInterrupted,
    MessagePreempted, // set aside for a show-now message: back at the head of the queue
    MessageCancelled,
    MessageRemoved,
    MessageMoved,
    BannerBlanked,
    BannerPaused,
    BannerResumed,
    DeviceConnected,
    DeviceDisconnected,
};
Q_ENUM_NS(BannerEventType)

// "message_queued" for MessageQueued.
QString eventTypeName(BannerEventType type);
std::optional<BannerEventType> eventTypeFromName(QStringView name);
// Every type, in the enum's order.
QList<BannerEventType> allEventTypes();

// A message left the banner for good: shown in full, cut short, or taken out of the queue.
bool endsMessage(BannerEventType type);

} // namespace airdisplay
