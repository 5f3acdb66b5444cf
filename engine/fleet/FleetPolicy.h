#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace airdisplay {

// Which submissions wait for a dispatcher's approval before they may be shown.
enum class ReviewPolicy {
    None,    // every valid message is queued for display
    Flagged, // messages containing a flagged word are held
    All,     // every message is held
};

QString reviewPolicyName(ReviewPolicy policy);
std::optional<ReviewPolicy> reviewPolicyFromName(const QString &name);

// The rules every banner of the fleet follows. Plain configuration: the engine copies it at open.
struct FleetPolicy
{
    // Characters (Unicode code points after NFC) a message may have.
    int maxTextLength = 64;
    // Messages waiting per banner (held ones included; the one showing is not).
    int queueLimit = 20;
    // How long a message shows once its device confirmed it.
    qint64 displayDurationMs = 60'000;
    ReviewPolicy review = ReviewPolicy::None;
    // Whole words (or phrases), case-insensitive. Blocked ones are refused, flagged ones held for
    // review when review is Flagged.
    QStringList blockedWords;
    QStringList flaggedWords;
    // Accepted request ids remembered per banner for idempotent retries. A retry is expected within
    // seconds; 64 accepted messages cover more than an hour of display at 60 s each, and the window
    // keeps the persisted state small.
    int idempotencyWindow = 64;
};

} // namespace airdisplay
