#pragma once

#include "BannerMessage.h"
#include "BannerSummary.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace airdisplay {

// The persisted state of one banner: its queue and what it shows. Whether a device is connected is
// deliberately not part of it: after a restart no device is, whatever the last state said. Accepted
// request ids are kept apart, in the store's request_ids table (RequestLedger).
struct BannerState
{
    // An accepted submission, remembered so that a retry gets the same answer.
    struct Accepted
    {
        QString author;
        QString requestId;
        QString text;
        qint64 messageId = 0;
        int position = 0;
        qint64 estimatedStartMs = 0;
        qint64 acceptedMs = 0; // not in the legacy window below, which predates it
    };

    // Message ids are bannerId * 2^24 + n: unique fleet-wide without coordination, routable to their
    // banner, and below 2^53 so JSON numbers (events, the protocol) hold them exactly.
    static constexpr qint64 kMaxBannerId = (qint64(1) << 29) - 1;
    static constexpr qint64 kMessagesPerBanner = qint64(1) << 24;
    static qint64 bannerOfMessage(qint64 messageId) { return messageId / kMessagesPerBanner; }

    qint64 bannerId = 0;
    QString callsign;
    qint64 nextSeq = 1;       // per-banner event sequence of the next event
    qint64 nextMessage = 1;   // n of the next message id
    bool paused = false;
    std::optional<BannerMessage> current; // Sent or Displaying
    QList<BannerMessage> queue;           // Held or Queued, in display order
    // Request ids read from a state stored before they had their own table (a window of the latest
    // 64). BannerQueue moves them into the table with the banner's next change; encode() never
    // writes any.
    QList<Accepted> accepted;

    // The actor state payload, rewritten whole on every change of the banner: a compact binary
    // form (a format byte, varints, UTF-8 strings) because building and parsing JSON for the queue
    // on each submission cost more than the commit itself.
    QByteArray encode() const;
    // Reads the binary form and the JSON form that databases written before it still hold.
    // std::nullopt when payload is neither (or is truncated).
    static std::optional<BannerState> decode(const QByteArray &payload);

    // What the read model and every event say of this state; linkUp: a device is connected.
    BannerStatus status(bool linkUp) const;
    BannerSummary summary(bool linkUp) const;
    // summary() of a stored payload, decoding the binary form only as far as the summary needs (not
    // a legacy idempotency window, once the bulk of a busy banner's state): how a whole fleet's
    // summaries are read at open. std::nullopt when decode() would fail on the same part.
    static std::optional<BannerSummary> decodeSummary(const QByteArray &payload, bool linkUp);
};

} // namespace airdisplay
