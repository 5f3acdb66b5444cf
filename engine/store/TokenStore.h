#pragma once

#include "StoreResult.h"
#include "StoreUrl.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace airdisplay {

// The gateway's bearer tokens, in the gateway_tokens table (migration 3), reached through a
// connection of its own: the gateway's TokenService keeps two on threads of its own, the command
// line one. Only the SHA-256 of a token is stored; the token itself is shown once, when it is
// created. Roles are the gateway's names ("viewer", "device", ...): what a role may do, and which
// roles are bound to a banner, is the gateway's to decide.
class TokenStore
{
public:
    struct Created
    {
        qint64 id = 0;
        QString token; // the secret: give it to the client, it cannot be recovered later
    };

    struct Entry
    {
        qint64 id = 0;
        QString role;
        qint64 bannerId = 0;
        QString label;
        qint64 createdMs = 0;
        std::optional<qint64> revokedMs;
    };

    TokenStore() = default;
    ~TokenStore();
    TokenStore(const TokenStore &) = delete;
    TokenStore &operator=(const TokenStore &) = delete;

    // Opens a connection for the calling thread and brings the schema up to date if it is behind
    // (a new database gets the whole schema). Every other call must come from that thread.
    StoreStatus open(const StoreUrl &url);
    void close();
    bool isOpen() const { return m_db.isOpen(); }

    // bannerId: the banner a token of this role is bound to, or 0.
    StoreResult<Created> create(const QString &role, qint64 bannerId, const QString &label);
    // One token of the role per banner, in one transaction: all of them or none.
    StoreResult<QList<Created>> createForBanners(const QString &role, const QList<qint64> &bannerIds, const QString &label);
    StoreResult<QList<Entry>> list();
    // False if there is no such token or it was already revoked.
    StoreResult<bool> revoke(qint64 id);
    // The entry of a valid, unrevoked token; none for any other.
    StoreResult<std::optional<Entry>> verify(const QString &token);

    struct Revocation
    {
        qint64 id = 0;
        qint64 revokedMs = 0; // the revoker's clock
    };
    // Tokens revoked at or after sinceMs, by any connection or process: what a running gateway
    // polls to close the sessions those tokens opened. Reads an index, so it stays cheap however
    // many tokens the table holds.
    StoreResult<QList<Revocation>> revokedSince(qint64 sinceMs);
    // The latest revocation time in the table; 0 if nothing was ever revoked.
    StoreResult<qint64> latestRevocation();

    static QByteArray hashOf(const QString &token);

private:
    StoreResult<Created> insert(const QString &role, qint64 bannerId, const QString &label);

    QSqlDatabase m_db;
    QString m_connectionName;
};

} // namespace airdisplay
