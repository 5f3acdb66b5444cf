#pragma once

#include "BannerMessage.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace airdisplay {

// One row of the fleet-wide queue: a message that is waiting, held for review, or on its banner.
struct QueuedMessage
{
    qint64 messageId = 0;
    qint64 bannerId = 0;
    QString callsign;
    int position = 0; // 0: on the banner (sent or displaying); 1..n: its place in the banner's queue
    QString text;
    QString author;
    BannerMessage::Status status = BannerMessage::Status::Queued;
    qint64 submittedMs = 0;
    qint64 startsAtMs = 0; // waiting: the estimated start; 0 while it cannot start (held, paused, offline)
    qint64 endsAtMs = 0;   // displaying: when its time is up
    bool bannerPaused = false;
    bool bannerLinkUp = true;

    bool operator==(const QueuedMessage &) const = default;
};

// Everything one banner has in the queue now: replaces what the view had for that banner.
struct BannerQueueUpdate
{
    qint64 bannerId = 0;
    QList<QueuedMessage> messages;
};

} // namespace airdisplay

Q_DECLARE_METATYPE(airdisplay::BannerQueueUpdate)
