#pragma once

#include <QString>

#include <optional>

namespace airdisplay {

// One message's receipt: who submitted what, when it started showing and when it ended.
// messageId is assigned by the caller (the banner actor) before its first write, so the id can go
// into the same batch as the state and the event that mention it; the store only requires it to be
// unique.
struct MessageRecord
{
    qint64 messageId = 0;
    qint64 bannerId = 0;
    QString author;
    QString requestId;
    QString text;
    QString status; // the fleet layer's vocabulary: queued, displaying, shown, cancelled, removed, ...
    qint64 submittedMs = 0;
    std::optional<qint64> startedMs;
    std::optional<qint64> endedMs;
    QString reason; // a rejection's, for the customer; empty for none (NULL in the table)
};

} // namespace airdisplay
