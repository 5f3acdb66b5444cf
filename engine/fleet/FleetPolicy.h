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
    // How long an accepted request id is remembered (per banner and author) for idempotent retries,
    // however many other submissions come meanwhile: a client retrying after a long outage must not
    // book the banner twice. 24 hours, Stripe's rule for idempotency keys.
    qint64 requestRetentionMs = 24 * 3600 * 1000;
};

} // namespace airdisplay
