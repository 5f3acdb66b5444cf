#include "BannerRowReader.h"

#include "ConnectionFactory.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace airdisplay {

namespace {

// Keyset paging over the registry's primary key; the state and the telemetry of each banner are
// primary-key lookups.
const QString kPageSql = QStringLiteral(
        "SELECT b.id, b.callsign, s.payload, t.latitude, t.longitude, t.heading_deg, t.speed_knots,"
        " t.altitude_ft, t.battery_percent, t.at_ms"
        " FROM banners b"
        " LEFT JOIN actor_state s ON s.actor_type = ? AND s.actor_id = CAST(b.id AS TEXT)"
        " LEFT JOIN telemetry t ON t.banner_id = b.id"
        " WHERE b.id > ? ORDER BY b.id LIMIT ?");

StoreStatus readPages(QSqlDatabase &db, const QString &actorType, int pageSize,
                      const std::function<void(BannerRow &&)> &each)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(kPageSql))
        return sqlError(QStringLiteral("preparing the banner rows query"), q.lastError());
    qint64 after = 0;
    for (;;) {
        q.bindValue(0, actorType);
        q.bindValue(1, after);
        q.bindValue(2, pageSize);
        if (!q.exec())
            return sqlError(QStringLiteral("reading the banner rows"), q.lastError());
        int rows = 0;
        while (q.next()) {
            ++rows;
            BannerRow row;
            row.id = q.value(0).toLongLong();
            row.callsign = q.value(1).toString();
            if (!q.isNull(2))
                row.state = q.value(2).toByteArray();
            if (!q.isNull(3))
                row.telemetry = TelemetryRecord{row.id, q.value(3).toDouble(), q.value(4).toDouble(), q.value(5).toDouble(),
                                                q.value(6).toDouble(), q.value(7).toDouble(), q.value(8).toDouble(),
                                                q.value(9).toLongLong()};
            after = row.id;
            each(std::move(row));
        }
        q.finish();
        if (rows < pageSize)
            return {};
    }
}

} // namespace

StoreStatus BannerRowReader::read(const StoreUrl &url, const StoreOptions &options, const QString &actorType, int pageSize,
                                  const std::function<void(BannerRow &&)> &each)
{
    if (pageSize <= 0)
        return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("page size must be positive, got %1").arg(pageSize));
    const QString name = ConnectionFactory::uniqueName(QStringLiteral("banner.rows"));
    StoreStatus status;
    {
        StoreResult<QSqlDatabase> db = ConnectionFactory::open(url, options, name, ConnectionFactory::Role::Reader);
        if (!db)
            return db.error(); // open() removed the connection already
        status = readPages(db.value(), actorType, pageSize, each);
        db.value().close();
    }
    // Only once no QSqlDatabase of this name is left.
    QSqlDatabase::removeDatabase(name);
    return status;
}

} // namespace airdisplay
