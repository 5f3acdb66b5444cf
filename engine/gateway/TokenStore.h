#pragma once

#include "Principal.h"
#include "Role.h"
#include "StoreResult.h"
#include "StoreUrl.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace airdisplay {

// The gateway's bearer tokens, in a table of the store's database reached through a connection of
// its own (the engine's store has no token table, and a connection belongs to one thread: this one
// is the gateway thread's, or the command line's). Only the SHA-256 of a token is stored; the
// token itself is shown once, when it is created.
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
        Role role = Role::Viewer;
        qint64 bannerId = 0;
        QString label;
        qint64 createdMs = 0;
        std::optional<qint64> revokedMs;
    };

    TokenStore() = default;
    ~TokenStore();
    TokenStore(const TokenStore &) = delete;
    TokenStore &operator=(const TokenStore &) = delete;

    // Opens a connection for the calling thread and creates the table if it is missing. Every
    // other call must come from that thread.
    StoreStatus open(const StoreUrl &url);
    void close();
    bool isOpen() const { return m_db.isOpen(); }

    // A device token needs its banner (bannerId > 0); other roles must not have one.
    StoreResult<Created> create(Role role, qint64 bannerId, const QString &label);
    // One device token per banner, in one transaction: all of them or none.
    StoreResult<QList<Created>> createDeviceTokens(const QList<qint64> &bannerIds, const QString &label);
    StoreResult<QList<Entry>> list();
    // False if there is no such token or it was already revoked.
    StoreResult<bool> revoke(qint64 id);
    // The principal of a valid, unrevoked token.
    StoreResult<std::optional<Principal>> verify(const QString &token);

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
    StoreResult<Created> insert(Role role, qint64 bannerId, const QString &label);

    QSqlDatabase m_db;
    QString m_connectionName;
};

} // namespace airdisplay
