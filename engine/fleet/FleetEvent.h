#pragma once

#include "BannerEventType.h"
#include "BannerMessage.h"
#include "BannerSummary.h"
#include "EventRecord.h"

#include <QString>

#include <optional>

namespace airdisplay {

// A committed event of the banner log, decoded once: what the console and other observers consume
// instead of parsing the JSON payload themselves.
struct FleetEvent
{
    EventRecord record;                   // as stored and published (the wire gets its payload)
    std::optional<BannerEventType> type;  // empty: a type this build does not know
    std::optional<BannerMessage> message; // the message the event is about, as it is after it
    int position = 0;                     // a message's 1-based place in the queue, where it has one
    qint64 movedMessageId = 0;            // message_moved: which message, from and to where
    int movedFrom = 0;
    int movedTo = 0;
    QString callsign;                     // banner_registered
    BannerSummary banner;                 // the banner after the change that made the event
    bool hasSummary = false;

    static FleetEvent decode(const EventRecord &record);
    // The summary names something queued or on air: a queue view has something to show.
    bool bannerHasContent() const { return hasSummary && (banner.queueLength > 0 || banner.currentMessageId != 0); }
};

} // namespace airdisplay
