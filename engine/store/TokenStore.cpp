#include "TokenStore.h"

#include "ConnectionFactory.h"
#include "Migrations.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <array>

namespace airdisplay {

namespace {
// Tokens carry a recognisable prefix so that a leaked one is easy to find in logs and repositories.
const QString kTokenPrefix = QStringLiteral("adt_");

StoreError queryError(const QString &context, const QSqlQuery &query)
{
    return airdisplay::sqlError(context, query.lastError());
}

// The row at q, read as "SELECT id, role, banner_id, label, created_ms, revoked_ms".
TokenStore::Entry entryOf(const QSqlQuery &q)
{
    TokenStore::Entry e;
    e.id = q.value(0).toLongLong();
    e.role = q.value(1).toString();
    e.bannerId = q.value(2).toLongLong();
    e.label = q.value(3).toString();
    e.createdMs = q.value(4).toLongLong();
    if (!q.value(5).isNull())
        e.revokedMs = q.value(5).toLongLong();
    return e;
}
} // namespace

TokenStore::~TokenStore()
{
    close();
}

StoreStatus TokenStore::open(const StoreUrl &url)
{
    close();
    m_connectionName = ConnectionFactory::uniqueName(QStringLiteral("gateway.tokens"));
    StoreResult<QSqlDatabase> db = ConnectionFactory::open(url, StoreOptions{}, m_connectionName,
                                                           ConnectionFactory::Role::Writer);
    if (!db) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
        return db.error();
    }
    m_db = db.value();
    // The engine's store migrates the database it opens; the command line may come first.
    const StoreResult<int> version = Migrations::currentVersion(m_db);
    if (!version || version.value() < Migrations::latestVersion()) {
        if (const StoreResult<int> migrated = Migrations::apply(m_db, url.backend()); !migrated) {
            const StoreError error = migrated.error();
            close();
            return error;
        }
    }
    return {};
}

void TokenStore::close()
{
    if (m_connectionName.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

QByteArray TokenStore::hashOf(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

StoreResult<TokenStore::Created> TokenStore::create(const QString &role, qint64 bannerId, const QString &label)
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    return insert(role, bannerId, label);
}

StoreResult<QList<TokenStore::Created>> TokenStore::createForBanners(const QString &role, const QList<qint64> &bannerIds,
                                                                     const QString &label)
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    for (qint64 bannerId : bannerIds) {
        if (bannerId <= 0)
            return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("A banner id is positive, got %1.").arg(bannerId));
    }
    // One commit for the lot: a thousand single-row commits would hold the database far longer.
    if (!m_db.transaction())
        return sqlError(QStringLiteral("starting a token batch"), m_db.lastError());
    QList<Created> created;
    created.reserve(bannerIds.size());
    for (qint64 bannerId : bannerIds) {
        StoreResult<Created> one = insert(role, bannerId, label);
        if (!one) {
            m_db.rollback();
            return one.error();
        }
        created.append(one.value());
    }
    if (!m_db.commit()) {
        const StoreError error = sqlError(QStringLiteral("committing a token batch"), m_db.lastError());
        m_db.rollback();
        return error;
    }
    return created;
}

StoreResult<TokenStore::Created> TokenStore::insert(const QString &role, qint64 bannerId, const QString &label)
{
    std::array<quint32, 8> random; // 32 bytes from the system's CSPRNG
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    const QByteArray bytes(reinterpret_cast<const char *>(random.data()), sizeof(random));
    Created created;
    created.token = kTokenPrefix + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));

    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO gateway_tokens (token_hash, role, banner_id, label, created_ms)"
                             " VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(QString::fromLatin1(hashOf(created.token)));
    q.addBindValue(role);
    q.addBindValue(bannerId);
    q.addBindValue(label.isNull() ? QStringLiteral("") : label); // a null QString would bind as NULL
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return queryError(QStringLiteral("creating a token"), q);
    QSqlQuery idQuery(m_db);
    idQuery.prepare(QStringLiteral("SELECT id FROM gateway_tokens WHERE token_hash = ?"));
    idQuery.addBindValue(QString::fromLatin1(hashOf(created.token)));
    if (!idQuery.exec() || !idQuery.next())
        return queryError(QStringLiteral("reading a new token's id"), idQuery);
    created.id = idQuery.value(0).toLongLong();
    return created;
}

StoreResult<QList<TokenStore::Entry>> TokenStore::list()
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, role, banner_id, label, created_ms, revoked_ms FROM gateway_tokens ORDER BY id")))
        return queryError(QStringLiteral("listing tokens"), q);
    QList<Entry> entries;
    while (q.next())
        entries.append(entryOf(q));
    return entries;
}

StoreResult<bool> TokenStore::revoke(qint64 id)
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE gateway_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(id);
    if (!q.exec())
        return queryError(QStringLiteral("revoking a token"), q);
    return q.numRowsAffected() > 0;
}

StoreResult<QList<TokenStore::Revocation>> TokenStore::revokedSince(qint64 sinceMs)
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, revoked_ms FROM gateway_tokens WHERE revoked_ms >= ? ORDER BY revoked_ms"));
    q.addBindValue(sinceMs);
    if (!q.exec())
        return queryError(QStringLiteral("reading revoked tokens"), q);
    QList<Revocation> revoked;
    while (q.next())
        revoked.append({q.value(0).toLongLong(), q.value(1).toLongLong()});
    return revoked;
}

StoreResult<qint64> TokenStore::latestRevocation()
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT MAX(revoked_ms) FROM gateway_tokens")) || !q.next())
        return queryError(QStringLiteral("reading the latest revocation"), q);
    return q.value(0).isNull() ? qint64(0) : q.value(0).toLongLong();
}

StoreResult<std::optional<TokenStore::Entry>> TokenStore::verify(const QString &token)
{
    if (!isOpen())
        return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
    // A token of another shape cannot be valid: no need to hash and look it up.
    if (!token.startsWith(kTokenPrefix) || token.size() > 128)
        return std::optional<Entry>();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, role, banner_id, label, created_ms, revoked_ms FROM gateway_tokens"
                             " WHERE token_hash = ? AND revoked_ms IS NULL"));
    q.addBindValue(QString::fromLatin1(hashOf(token)));
    if (!q.exec())
        return queryError(QStringLiteral("verifying a token"), q);
    if (!q.next())
        return std::optional<Entry>();
    return std::optional<Entry>(entryOf(q));
}

} // namespace airdisplay
