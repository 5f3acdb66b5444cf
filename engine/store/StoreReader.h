#pragma once

#include "ActorState.h"
#include "BannerRecord.h"
#include "EventRecord.h"
#include "MessageRecord.h"
#include "Reminder.h"
#include "ReminderCursor.h"
#include "RequestRecord.h"
#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"
#include "TelemetryRecord.h"

#include <QList>

#include <memory>
#include <optional>

namespace airdisplay {

class ReadConnectionPool;

// The database read, never written: opening a reader starts no writer, runs no migration and
// takes no write lock, so a tool (or a test's witness) may read what a running engine commits.
// Store is a reader that also writes.
//
// Reads are synchronous and may be called from any thread: each thread gets its own connection,
// opened on its first read and closed when the thread exits or the reader closes. Threads that are
// pooled for a long time can give theirs back early with releaseThreadConnection().
class StoreReader
{
public:
    explicit StoreReader(StoreOptions options = {});
    virtual ~StoreReader();
    StoreReader(const StoreReader &) = delete;
    StoreReader &operator=(const StoreReader &) = delete;

    // A database that exists, migrated by an engine. location: a path or a postgresql:// URL.
    StoreStatus open(const QString &location);
    StoreStatus open(const StoreUrl &url);
    virtual void close();
    bool isOpen() const { return m_open; }
    StoreUrl url() const { return m_url; }

    // --- reads ----------------------------------------------------------------------------------
    // An actor that was never written loads as version 0 with an empty payload.
    StoreResult<ActorState> loadState(const QString &actorType, const QString &actorId) const;

    // Events with a global sequence above afterSeq, ascending, at most limit; only those of the
    // given banners when bannerIds is not empty.
    StoreResult<QList<EventRecord>> eventsSince(qint64 afterSeq, int limit, const QList<qint64> &bannerIds = {}) const;
    StoreResult<qint64> lastEventSeq() const;             // 0 when the log is empty
    StoreResult<qint64> lastBannerSeq(qint64 bannerId) const; // 0 when the banner has no events

    // Reminders after cursor and due before beforeMs, in due order, at most limit.
    StoreResult<QList<Reminder>> loadReminderPage(const ReminderCursor &after, qint64 beforeMs, int limit) const;
    StoreResult<QList<Reminder>> loadReminders(const QString &actorType, const QString &actorId) const;
    StoreResult<qint64> reminderCount() const;

    StoreResult<std::optional<BannerRecord>> loadBanner(qint64 bannerId) const;
    StoreResult<std::optional<BannerRecord>> findBannerByCallsign(const QString &callsign) const;
    // Banners with an id above afterId, ascending, at most limit: page through the fleet.
    StoreResult<QList<BannerRecord>> loadBanners(qint64 afterId, int limit) const;
    StoreResult<qint64> bannerCount() const;

    StoreResult<std::optional<TelemetryRecord>> loadTelemetry(qint64 bannerId) const;
    StoreResult<QList<TelemetryRecord>> loadTelemetryPage(qint64 afterBannerId, int limit) const;

    StoreResult<std::optional<MessageRecord>> loadMessage(qint64 messageId) const;
    // The message a banner got from author with requestId, if any (idempotent retries use
    // loadRequests; this reads the history and is not indexed for it).
    StoreResult<std::optional<MessageRecord>> findMessageByRequest(qint64 bannerId, const QString &author,
                                                                   const QString &requestId) const;
    // The banner's most recent messages, newest submission first.
    StoreResult<QList<MessageRecord>> messageHistory(qint64 bannerId, int limit) const;

    // The request ids the banner accepted at or after sinceMs, in acceptance order.
    StoreResult<QList<RequestRecord>> loadRequests(qint64 bannerId, qint64 sinceMs) const;
    StoreResult<qint64> requestCount() const;

    // Closes the calling thread's read connection now rather than at thread exit.
    void releaseThreadConnection() const;
    int readConnectionCount() const;

protected:
    void openReaders(const StoreUrl &url);
    void closeReaders();

    const StoreOptions m_options;
    StoreUrl m_url;

private:
    bool m_open = false;
    std::shared_ptr<ReadConnectionPool> m_readers;
};

} // namespace airdisplay
