#pragma once

#include "BannerState.h"

#include <QHash>
#include <QString>

#include <deque>
#include <optional>
#include <utility>

namespace airdisplay {

// The request ids one banner accepted within the retention, with the answer each got: what makes a
// retry idempotent. It holds every accepted request of the retention, not a window of the latest,
// so no number of other submissions can push a request out; BannerActor fills it from the store's
// request_ids table at activation and each accepted submission adds to it in the batch that commits
// the message.
//
// A day of requests stays in memory for every active banner, so an entry is a fixed-size
// fingerprint, not the request's strings: 64 bits of SHA-256 over the author and the request id, and
// 64 over the text, which is all that deciding "duplicate" or "conflict" needs. (With the strings, an
// entry took about 700 bytes and a steady 30 submissions a second grew a server by 75 MB an hour,
// for the whole day of the retention.) A collision needs 2^32 requests to one banner in a day.
class RequestLedger
{
public:
    // What the request was answered, and a fingerprint of its text.
    struct Answer
    {
        qint64 messageId = 0;
        int position = 0;
        qint64 estimatedStartMs = 0;
        quint64 textHash = 0;
    };

    // The answer to author's requestId, if it was accepted within the retention.
    std::optional<Answer> find(const QString &author, const QString &requestId) const;
    // Whether text is the text that was accepted with answer.
    static bool sameText(const Answer &answer, const QString &text) { return answer.textHash == hashOf(text); }
    // Replaces an entry with the same author and request id. Entries are expected in acceptance
    // order (expire() drops from the oldest end).
    void remember(const BannerState::Accepted &accepted);
    // Forgets the entries accepted before beforeMs, so a long-lived activation holds only the
    // retention (the store expires its rows on its own schedule).
    void expire(qint64 beforeMs);
    qsizetype size() const { return m_entries.size(); }

private:
    static quint64 hashOf(const QString &text);
    static quint64 keyOf(const QString &author, const QString &requestId);

    struct Entry
    {
        Answer answer;
        qint64 acceptedMs = 0;
    };
    QHash<quint64, Entry> m_entries;
    std::deque<std::pair<qint64, quint64>> m_order; // (accepted, key), oldest first; may name entries replaced since
};

} // namespace airdisplay
