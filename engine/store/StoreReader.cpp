#include "StoreReader.h"

#include "ReadConnectionPool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace airdisplay {

namespace {

// Banner filters are padded to a power of two (repeating the last id), so a handful of prepared
// statements serve every filter size.
constexpr int kMaxBannerFilter = 4096;

StoreError closedError()
{
    return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
}

StoreError invalidLimit(int limit)
{
    return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("limit must be positive, got %1").arg(limit));
}

// One read on the calling thread's connection: bind, execute, map the rows, and always finish the
// statement, which ends SQLite's read transaction so the next read sees the latest commits.
template<typename Bind, typename Read>
auto runRead(ReadConnectionPool *pool, const QString &sql, const char *what, Bind bind, Read read)
        -> StoreResult<decltype(read(std::declval<QSqlQuery &>()))>
{
    if (!pool)
        return closedError();
    auto lease = pool->acquire();
    if (!lease)
        return lease.error();
    auto statement = lease.value().connection->statement(sql);
    if (!statement)
        return statement.error();
    QSqlQuery &query = *statement.value();
    bind(query);
    if (!query.exec()) {
        const StoreError error = sqlError(QString::fromLatin1(what), query.lastError());
        query.finish();
        return error;
    }
    auto rows = read(query);
    query.finish();
    return rows;
}

QByteArray utf8(const QVariant &value)
{
    return value.toString().toUtf8();
}

EventRecord readEvent(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
            q.value(3).toString(), utf8(q.value(4)), q.value(5).toLongLong()};
}

Reminder readReminder(const QSqlQuery &q)
{
    return {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toByteArray()};
}

BannerRecord readBanner(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong()};
}

TelemetryRecord readTelemetry(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toDouble(), q.value(2).toDouble(), q.value(3).toDouble(),
            q.value(4).toDouble(),   q.value(5).toDouble(), q.value(6).toDouble(), q.value(7).toLongLong()};
}

std::optional<qint64> optionalMs(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

MessageRecord readMessage(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(),   q.value(5).toString(),   q.value(6).toLongLong(), optionalMs(q.value(7)),
            optionalMs(q.value(8)), q.value(9).toString()};
}

RequestRecord readRequest(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
            q.value(4).toLongLong(), q.value(5).toInt(),    q.value(6).toLongLong(), q.value(7).toLongLong()};
}

template<typename T, typename Map>
auto readAll(Map map)
{
    return [map](QSqlQuery &q) {
        QList<T> rows;
        while (q.next())
            rows.append(map(q));
        return rows;
    };
}

template<typename T, typename Map>
auto readOne(Map map)
{
    return [map](QSqlQuery &q) { return q.next() ? std::optional<T>(map(q)) : std::nullopt; };
}

auto readCount()
{
    return [](QSqlQuery &q) { return q.next() ? q.value(0).toLongLong() : qint64(0); };
}

const QString kEventColumns = QStringLiteral("SELECT seq, banner_id, banner_seq, type, payload, at_ms FROM events");
const QString kReminderColumns =
        QStringLiteral("SELECT actor_type, actor_id, name, due_ms, period_ms, payload FROM reminders");
const QString kTelemetryColumns = QStringLiteral("SELECT banner_id, latitude, longitude, heading_deg, speed_knots,"
                                                 " altitude_ft, battery_percent, at_ms FROM telemetry");
const QString kMessageColumns = QStringLiteral("SELECT message_id, banner_id, author, request_id, text, status,"
                                               " submitted_ms, started_ms, ended_ms, reason FROM messages");

} // namespace

StoreReader::StoreReader(StoreOptions options) : m_options(options) {}

StoreReader::~StoreReader()
{
    closeReaders();
}

StoreStatus StoreReader::open(const QString &location)
{
    auto url = StoreUrl::parse(location);
    if (!url)
        return url.error();
    return open(*url);
}

StoreStatus StoreReader::open(const StoreUrl &url)
{
    if (isOpen())
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("the store is already open on %1").arg(m_url.toDisplayString()));
    openReaders(url);
    return {};
}

void StoreReader::close()
{
    closeReaders();
}

void StoreReader::openReaders(const StoreUrl &url)
{
    m_url = url;
    m_readers = std::make_shared<ReadConnectionPool>(url, m_options);
    m_open = true;
}

void StoreReader::closeReaders()
{
    if (!m_open)
        return;
    m_open = false;
    m_readers->closeAll();
}

StoreResult<ActorState> StoreReader::loadState(const QString &actorType, const QString &actorId) const
{
    static const QString sql =
            QStringLiteral("SELECT version, payload FROM actor_state WHERE actor_type = ? AND actor_id = ?");
    return runRead(
            m_readers.get(), sql, "loading actor state",
            [&](QSqlQuery &q) {
                q.bindValue(0, actorType);
                q.bindValue(1, actorId);
            },
            [&](QSqlQuery &q) {
                ActorState state{actorType, actorId, 0, {}};
                if (q.next()) {
                    state.version = q.value(0).toLongLong();
                    state.payload = q.value(1).toByteArray();
                }
                return state;
            });
}

StoreResult<QList<EventRecord>> StoreReader::eventsSince(qint64 afterSeq, int limit, const QList<qint64> &bannerIds) const
{
    if (limit <= 0)
        return invalidLimit(limit);
    if (bannerIds.size() > kMaxBannerFilter)
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("at most %1 banners per event query, got %2").arg(kMaxBannerFilter).arg(bannerIds.size()));
    qsizetype placeholders = 0;
    QString sql = kEventColumns + QStringLiteral(" WHERE seq > ?");
    if (!bannerIds.isEmpty()) {
        placeholders = 1;
        while (placeholders < bannerIds.size())
            placeholders *= 2;
        sql += QStringLiteral(" AND banner_id IN (?") + QStringLiteral(", ?").repeated(placeholders - 1) + QLatin1Char(')');
    }
    sql += QStringLiteral(" ORDER BY seq LIMIT ?");
    return runRead(
            m_readers.get(), sql, "reading events",
            [&](QSqlQuery &q) {
                int column = 0;
                q.bindValue(column++, afterSeq);
                for (qsizetype i = 0; i < placeholders; ++i)
                    q.bindValue(column++, bannerIds[std::min(i, bannerIds.size() - 1)]);
                q.bindValue(column, limit);
            },
            readAll<EventRecord>(readEvent));
}

StoreResult<qint64> StoreReader::lastEventSeq() const
{
    static const QString sql = QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM events");
    return runRead(m_readers.get(), sql, "reading the last event sequence", [](QSqlQuery &) {}, readCount());
}

StoreResult<qint64> StoreReader::lastBannerSeq(qint64 bannerId) const
{
    static const QString sql = QStringLiteral("SELECT COALESCE(MAX(banner_seq), 0) FROM events WHERE banner_id = ?");
    return runRead(
            m_readers.get(), sql, "reading a banner's last event sequence",
            [&](QSqlQuery &q) { q.bindValue(0, bannerId); }, readCount());
}

StoreResult<QList<Reminder>> StoreReader::loadReminderPage(const ReminderCursor &after, qint64 beforeMs, int limit) const
{
    if (limit <= 0)
        return invalidLimit(limit);
    // Keyset paging on the (due_ms, actor_type, actor_id, name) index: each page starts where the
    // last ended, so paging through a million reminders never rescans what it has passed.
    static const QString afterWholeMs = kReminderColumns
            + QStringLiteral(" WHERE due_ms > ? AND due_ms < ? ORDER BY due_ms, actor_type, actor_id, name LIMIT ?");
    static const QString afterKey = kReminderColumns
            + QStringLiteral(" WHERE (due_ms, actor_type, actor_id, name) > (?, ?, ?, ?) AND due_ms < ?"
                             " ORDER BY due_ms, actor_type, actor_id, name LIMIT ?");
    return runRead(
            m_readers.get(), after.wholeMs ? afterWholeMs : afterKey, "loading due reminders",
            [&](QSqlQuery &q) {
                int column = 0;
                q.bindValue(column++, after.dueMs);
                if (!after.wholeMs) {
                    q.bindValue(column++, after.actorType);
                    q.bindValue(column++, after.actorId);
                    q.bindValue(column++, after.name);
                }
                q.bindValue(column++, beforeMs);
                q.bindValue(column, limit);
            },
            readAll<Reminder>(readReminder));
}

StoreResult<QList<Reminder>> StoreReader::loadReminders(const QString &actorType, const QString &actorId) const
{
    static const QString sql = kReminderColumns + QStringLiteral(" WHERE actor_type = ? AND actor_id = ? ORDER BY name");
    return runRead(
            m_readers.get(), sql, "loading an actor's reminders",
            [&](QSqlQuery &q) {
                q.bindValue(0, actorType);
                q.bindValue(1, actorId);
            },
            readAll<Reminder>(readReminder));
}

StoreResult<qint64> StoreReader::reminderCount() const
{
    static const QString sql = QStringLiteral("SELECT COUNT(*) FROM reminders");
    return runRead(m_readers.get(), sql, "counting reminders", [](QSqlQuery &) {}, readCount());
}

StoreResult<std::optional<BannerRecord>> StoreReader::loadBanner(qint64 bannerId) const
{
    static const QString sql = QStringLiteral("SELECT id, callsign, created_ms FROM banners WHERE id = ?");
    return runRead(
            m_readers.get(), sql, "loading a banner", [&](QSqlQuery &q) { q.bindValue(0, bannerId); },
            readOne<BannerRecord>(readBanner));
}

StoreResult<std::optional<BannerRecord>> StoreReader::findBannerByCallsign(const QString &callsign) const
{
    static const QString sql = QStringLiteral("SELECT id, callsign, created_ms FROM banners WHERE callsign = ?");
    return runRead(
            m_readers.get(), sql, "finding a banner by callsign", [&](QSqlQuery &q) { q.bindValue(0, callsign); },
            readOne<BannerRecord>(readBanner));
}

StoreResult<QList<BannerRecord>> StoreReader::loadBanners(qint64 afterId, int limit) const
{
    if (limit <= 0)
        return invalidLimit(limit);
    static const QString sql =
            QStringLiteral("SELECT id, callsign, created_ms FROM banners WHERE id > ? ORDER BY id LIMIT ?");
    return runRead(
            m_readers.get(), sql, "loading banners",
            [&](QSqlQuery &q) {
                q.bindValue(0, afterId);
                q.bindValue(1, limit);
            },
            readAll<BannerRecord>(readBanner));
}

StoreResult<qint64> StoreReader::bannerCount() const
{
    static const QString sql = QStringLiteral("SELECT COUNT(*) FROM banners");
    return runRead(m_readers.get(), sql, "counting banners", [](QSqlQuery &) {}, readCount());
}

StoreResult<std::optional<TelemetryRecord>> StoreReader::loadTelemetry(qint64 bannerId) const
{
    static const QString sql = kTelemetryColumns + QStringLiteral(" WHERE banner_id = ?");
    return runRead(
            m_readers.get(), sql, "loading telemetry", [&](QSqlQuery &q) { q.bindValue(0, bannerId); },
            readOne<TelemetryRecord>(readTelemetry));
}

StoreResult<QList<TelemetryRecord>> StoreReader::loadTelemetryPage(qint64 afterBannerId, int limit) const
{
    if (limit <= 0)
        return invalidLimit(limit);
    static const QString sql = kTelemetryColumns + QStringLiteral(" WHERE banner_id > ? ORDER BY banner_id LIMIT ?");
    return runRead(
            m_readers.get(), sql, "loading telemetry",
            [&](QSqlQuery &q) {
                q.bindValue(0, afterBannerId);
                q.bindValue(1, limit);
            },
            readAll<TelemetryRecord>(readTelemetry));
}

StoreResult<std::optional<MessageRecord>> StoreReader::loadMessage(qint64 messageId) const
{
    static const QString sql = kMessageColumns + QStringLiteral(" WHERE message_id = ?");
    return runRead(
            m_readers.get(), sql, "loading a message", [&](QSqlQuery &q) { q.bindValue(0, messageId); },
            readOne<MessageRecord>(readMessage));
}

StoreResult<std::optional<MessageRecord>> StoreReader::findMessageByRequest(qint64 bannerId, const QString &author,
                                                                      const QString &requestId) const
{
    static const QString sql = kMessageColumns
            + QStringLiteral(" WHERE banner_id = ? AND author = ? AND request_id = ? ORDER BY message_id LIMIT 1");
    return runRead(
            m_readers.get(), sql, "finding a message by request id",
            [&](QSqlQuery &q) {
                q.bindValue(0, bannerId);
                q.bindValue(1, author);
                q.bindValue(2, requestId);
            },
            readOne<MessageRecord>(readMessage));
}

StoreResult<QList<MessageRecord>> StoreReader::messageHistory(qint64 bannerId, int limit) const
{
    if (limit <= 0)
        return invalidLimit(limit);
    static const QString sql = kMessageColumns
            + QStringLiteral(" WHERE banner_id = ? ORDER BY submitted_ms DESC, message_id DESC LIMIT ?");
    return runRead(
            m_readers.get(), sql, "loading message history",
            [&](QSqlQuery &q) {
                q.bindValue(0, bannerId);
                q.bindValue(1, limit);
            },
            readAll<MessageRecord>(readMessage));
}

StoreResult<QList<RequestRecord>> StoreReader::loadRequests(qint64 bannerId, qint64 sinceMs) const
{
    static const QString sql = QStringLiteral(
            "SELECT banner_id, author, request_id, text, message_id, position, estimated_start_ms, accepted_ms"
            " FROM request_ids WHERE banner_id = ? AND accepted_ms >= ? ORDER BY accepted_ms, message_id");
    return runRead(
            m_readers.get(), sql, "loading request ids",
            [&](QSqlQuery &q) {
                q.bindValue(0, bannerId);
                q.bindValue(1, sinceMs);
            },
            readAll<RequestRecord>(readRequest));
}

StoreResult<qint64> StoreReader::requestCount() const
{
    static const QString sql = QStringLiteral("SELECT COUNT(*) FROM request_ids");
    return runRead(m_readers.get(), sql, "counting request ids", [](QSqlQuery &) {}, readCount());
}

void StoreReader::releaseThreadConnection() const
{
    if (m_readers)
        m_readers->releaseCurrentThread();
}

int StoreReader::readConnectionCount() const
{
    return m_readers ? m_readers->connectionCount() : 0;
}

} // namespace airdisplay
