#pragma once

#include "BannerState.h"

#include <QHash>
#include <QString>

#include <deque>
#include <utility>

namespace airdisplay {

// The request ids one banner accepted within the retention, with the answer each got: what makes a
// retry idempotent. It holds every accepted request of the retention, not a window of the latest,
// so no number of other submissions can push a request out; BannerActor fills it from the store's
// request_ids table at activation and each accepted submission adds to it in the batch that commits
// the message.
class RequestLedger
{
public:
    using Entry = BannerState::Accepted;

    // The entry for author's requestId, or null.
    const Entry *find(const QString &author, const QString &requestId) const;
    // Replaces an entry with the same author and request id. Entries are expected in acceptance
    // order (expire() drops from the oldest end).
    void remember(Entry entry);
    // Forgets the entries accepted before beforeMs, so a long-lived activation holds only the
    // retention (the store expires its rows on its own schedule).
    void expire(qint64 beforeMs);
    qsizetype size() const { return m_entries.size(); }

private:
    using Key = std::pair<QString, QString>; // author, request id

    QHash<Key, Entry> m_entries;
    std::deque<Key> m_order; // acceptance order, oldest first; may name entries replaced since
};

} // namespace airdisplay
