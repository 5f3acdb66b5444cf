#include "FleetIndexLoader.h"

#include "BannerActor.h"
#include "BannerState.h"
#include "ConnectionFactory.h"
#include "FleetIndex.h"
#include "FleetLogging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace airdisplay {

namespace {

// Keyset paging over the registry's primary key; the state and the telemetry of each banner are
// primary-key lookups (actor ids are the banner ids as text, as BannerActor stores them).
const QString kPageSql = QStringLiteral(
        "SELECT b.id, b.callsign, s.payload, t.latitude, t.longitude, t.heading_deg, t.speed_knots,"
        " t.altitude_ft, t.battery_percent, t.at_ms"
        " FROM banners b"
        " LEFT JOIN actor_state s ON s.actor_type = ? AND s.actor_id = CAST(b.id AS TEXT)"
        " LEFT JOIN telemetry t ON t.banner_id = b.id"
        " WHERE b.id > ? ORDER BY b.id LIMIT ?");

StoreResult<FleetIndexLoader::Loaded> loadPages(QSqlDatabase &db, FleetIndex &index, int pageSize)
{
    FleetIndexLoader::Loaded loaded;
    int undecodable = 0;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(kPageSql))
        return StoreError::fromSql(QStringLiteral("preparing the fleet index query"), q.lastError());
    const QString actorType = BannerActor::actorTypeName();
    qint64 after = 0;
    for (;;) {
        q.bindValue(0, actorType);
        q.bindValue(1, after);
        q.bindValue(2, pageSize);
        if (!q.exec())
            return StoreError::fromSql(QStringLiteral("loading the fleet index"), q.lastError());
        int rows = 0;
        while (q.next()) {
            ++rows;
            FleetIndexEntry e;
            e.id = q.value(0).toLongLong();
            e.callsign = q.value(1).toString();
            if (!q.isNull(2)) {
                // No device is connected yet: the summary an activation would publish right now.
                if (const auto summary = BannerState::decodeSummary(q.value(2).toByteArray(), false)) {
                    e.setSummary(*summary);
                    ++loaded.summaries;
                } else {
                    ++undecodable;
                }
            }
            if (!q.isNull(3)) {
                e.setTelemetry({e.id, q.value(3).toDouble(), q.value(4).toDouble(), q.value(5).toDouble(),
                                q.value(6).toDouble(), q.value(7).toDouble(), q.value(8).toDouble(),
                                q.value(9).toLongLong()});
                ++loaded.positions;
            }
            after = e.id;
            if (index.addEntry(std::move(e)))
                ++loaded.banners;
        }
        q.finish();
        if (rows < pageSize)
            break;
    }
    if (undecodable > 0)
        qCWarning(lcFleet) << undecodable << "banners have a stored state that is not a banner state;"
                           << "the index shows only their registry entry";
    return loaded;
}

} // namespace

StoreResult<FleetIndexLoader::Loaded> FleetIndexLoader::load(const StoreUrl &url, const StoreOptions &options,
                                                             FleetIndex &index, int pageSize)
{
    if (pageSize <= 0)
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("page size must be positive, got %1").arg(pageSize));
    const QString name = ConnectionFactory::uniqueName(QStringLiteral("fleet.index"));
    StoreResult<Loaded> result = StoreError(StoreError::Code::Closed, QString());
    {
        StoreResult<QSqlDatabase> db = ConnectionFactory::open(url, options, name, ConnectionFactory::Role::Reader);
        if (!db)
            return db.error(); // open() removed the connection already
        result = loadPages(db.value(), index, pageSize);
        db.value().close();
    }
    // Only once no QSqlDatabase of this name is left.
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace airdisplay
