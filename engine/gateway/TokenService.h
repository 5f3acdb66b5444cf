#pragma once

#include "Principal.h"
#include "Reply.h"
#include "Role.h"
#include "StoreResult.h"
#include "StoreUrl.h"
#include "TokenStore.h"

#include <QList>
#include <QObject>

#include <memory>

namespace airdisplay {

class TokenServicePrivate;

// The gateway's tokens, kept off the gateway thread. The gateway thread serves every client; a
// token check or a token write on it waited for the database (a write waits for the engine's
// committer, another process's `airdisplayd token revoke`, a busy timeout), and meanwhile no other
// client was read or answered: requests that had arrived were refused as timed out (408).
//
// So the token table is reached from two threads of the service's own, each with its connection:
// one checks tokens and polls for revocations (reads, which on SQLite's WAL never wait for a
// writer), the other creates tokens (writes, which may wait). Answers are Replies, delivered on
// the asker's thread while the asker exists. Revocations found by the poll arrive as revoked(),
// on the thread the service lives on.
class TokenService : public QObject
{
    Q_OBJECT

public:
    using Verified = StoreResult<std::optional<Principal>>;
    using CreatedTokens = StoreResult<QList<TokenStore::Created>>;

    explicit TokenService(QObject *parent = nullptr);
    ~TokenService() override; // close()

    // Starts the two threads and opens their connections (creating the table if it is missing);
    // then polls for revocations every pollMs, reporting only those made after now. Waits for the
    // threads to be ready: call it before serving anyone. On the service's thread.
    StoreStatus open(const StoreUrl &url, int pollMs);
    // Stops the threads; asks not answered yet are never answered. On the service's thread.
    void close();

    // Any thread, once open.
    Reply<Verified> verify(const QString &token);
    // A device token needs its banner; other roles must not have one (bindingProblem).
    Reply<CreatedTokens> create(Role role, qint64 bannerId, const QString &label);
    // One device token per banner, in one transaction: all of them or none.
    Reply<CreatedTokens> createDeviceTokens(const QList<qint64> &bannerIds, const QString &label);

signals:
    // Tokens revoked since the last poll (by any connection or process), each reported once.
    void revoked(const QList<qint64> &tokenIds);

private:
    std::unique_ptr<TokenServicePrivate> d;
};

} // namespace airdisplay
