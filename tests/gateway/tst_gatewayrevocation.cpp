// Revoking a token ends what it already opened: the running gateway polls the token table, closes
// every WebSocket session of a revoked token with 4003, and REST refuses the token at once. The
// revocations here come through connections of the test's own to the gateway's database, as
// `airdisplayd token revoke` (another process) would write them.

#include "GatewayFixture.h"
#include "StoreUrl.h"
#include "TokenStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace airdisplay;

namespace {
constexpr int kTokenRevoked = 4003;
// The gateway polls every 2 s (GatewayOptions::revocationPollMs); allow for a loaded machine.
constexpr int kNoticeMs = 8000;

qint64 tokenId(TokenStore &tokens, const QString &token)
{
    const StoreResult<std::optional<TokenStore::Entry>> e = tokens.verify(token);
    return e && e.value() ? e.value()->id : 0;
}

bool stillServed(WsClient &client, const QString &id)
{
    const int from = int(client.frames.size());
    client.send({{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), id}});
    return client.waitFor(ofType("pong"), 5000, from) >= 0 && !client.disconnected;
}
} // namespace

class TestGatewayRevocation : public QObject
{
    Q_OBJECT

private slots:
    void revokedTokenSessionsAreClosed();
    void deviceSessionIsClosed();
    void lateStampedRevocationIsCaught();
    void revokedSinceReadsTheTable();
};

void TestGatewayRevocation::revokedTokenSessionsAreClosed()
{
    GatewayFixture f(3, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString revokedToken = f.token(Role::Operator);
    const QString keptToken = f.token(Role::Operator);
    QVERIFY(!revokedToken.isEmpty() && !keptToken.isEmpty());

    // Two sessions of the token to be revoked (one of them subscribed), one of another token.
    WsClient plain, subscribed, other;
    QVERIFY(plain.open(QUrl(wsUrl(f))));
    QVERIFY(subscribed.open(QUrl(wsUrl(f))));
    QVERIFY(other.open(QUrl(wsUrl(f))));
    QVERIFY(plain.authenticate(revokedToken));
    QVERIFY(subscribed.authenticate(revokedToken));
    QVERIFY(other.authenticate(keptToken));
    subscribed.send({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("id"), QStringLiteral("sub")}});
    other.send({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("id"), QStringLiteral("sub")}});
    QVERIFY(subscribed.waitFor(answerTo(QStringLiteral("sub"))) >= 0);
    QVERIFY(other.waitFor(answerTo(QStringLiteral("sub"))) >= 0);
    QCOMPARE(f.request("GET", QStringLiteral("/api/v1/banners"), revokedToken).status, 200);

    // Revoked through a connection of its own, as the token command would.
    TokenStore admin;
    QVERIFY(!admin.open(StoreUrl::sqliteFile(f.databasePath())).isError());
    const qint64 id = tokenId(admin, revokedToken);
    QVERIFY(id > 0);
    QElapsedTimer sinceRevoke;
    sinceRevoke.start();
    QVERIFY(admin.revoke(id).value());

    // REST refuses the token at once (it is checked against the table on every request).
    const GatewayFixture::Reply refused = f.request("GET", QStringLiteral("/api/v1/banners"), revokedToken);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("invalid_token"));
    const GatewayFixture::Reply submitRefused =
        f.request("POST", QStringLiteral("/api/v1/banners/1/messages"), revokedToken, R"({"text":"after revoke"})");
    QCOMPARE(submitRefused.status, 401);

    // Both of its sessions are closed with 4003 within a few seconds.
    QTRY_VERIFY_WITH_TIMEOUT(plain.disconnected && subscribed.disconnected, kNoticeMs);
    qInfo("sessions closed %lld ms after the revocation", qlonglong(sinceRevoke.elapsed()));
    QCOMPARE(plain.closeCode, kTokenRevoked);
    QCOMPARE(subscribed.closeCode, kTokenRevoked);
    QCOMPARE(plain.socket.closeReason(), QStringLiteral("token revoked"));

    // The other token's session stays open and is served; its REST too.
    QVERIFY(!other.disconnected);
    QVERIFY(stillServed(other, QStringLiteral("p1")));
    other.send({{QStringLiteral("type"), QStringLiteral("submit")}, {QStringLiteral("bannerId"), 1},
                {QStringLiteral("text"), QStringLiteral("still here")}, {QStringLiteral("requestId"), QStringLiteral("k-1")},
                {QStringLiteral("id"), QStringLiteral("s1")}});
    const int ack = other.waitFor(answerTo(QStringLiteral("s1")));
    QVERIFY(ack >= 0);
    QCOMPARE(other.frames.at(ack).value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QCOMPARE(f.request("GET", QStringLiteral("/api/v1/banners"), keptToken).status, 200);
    // Still open after another poll or two.
    QTest::qWait(2500);
    QVERIFY(stillServed(other, QStringLiteral("p2")));

    // A new connection with the revoked token is refused as before.
    WsClient late;
    QVERIFY(late.open(QUrl(wsUrl(f))));
    late.send({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), revokedToken}});
    const int err = late.waitFor(ofType("error"));
    QVERIFY(err >= 0);
    QCOMPARE(late.frames.at(err).value(QStringLiteral("code")).toString(), QStringLiteral("invalid_token"));
    QTRY_VERIFY_WITH_TIMEOUT(late.disconnected, 5000);
    QCOMPARE(late.closeCode, 4001);
}

void TestGatewayRevocation::deviceSessionIsClosed()
{
    GatewayFixture f(2, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString device1 = f.token(Role::Device, 1);
    const QString device2 = f.token(Role::Device, 2);

    WsClient one, two;
    QVERIFY(one.open(QUrl(wsUrl(f))));
    QVERIFY(two.open(QUrl(wsUrl(f))));
    QVERIFY(one.authenticate(device1));
    QVERIFY(two.authenticate(device2));
    one.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("id"), QStringLiteral("h")}});
    two.send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("id"), QStringLiteral("h")}});
    QVERIFY(one.waitFor(answerTo(QStringLiteral("h"))) >= 0);
    QVERIFY(two.waitFor(answerTo(QStringLiteral("h"))) >= 0);
    const QString viewer = f.token(Role::Viewer);
    const auto linked = [&f, &viewer] {
        return f.request("GET", QStringLiteral("/api/v1/banners/1"), viewer)
            .json.value(QStringLiteral("banner")).toObject().value(QStringLiteral("link")).toBool();
    };
    QTRY_VERIFY_WITH_TIMEOUT(linked(), 5000);

    TokenStore admin;
    QVERIFY(!admin.open(StoreUrl::sqliteFile(f.databasePath())).isError());
    QVERIFY(admin.revoke(tokenId(admin, device1)).value());

    QTRY_VERIFY_WITH_TIMEOUT(one.disconnected, kNoticeMs);
    QCOMPARE(one.closeCode, kTokenRevoked);
    // The banner's link drops with its device, as for any disconnect.
    QTRY_VERIFY_WITH_TIMEOUT(!linked(), 5000);
    QVERIFY(stillServed(two, QStringLiteral("p")));
}

// A revocation stamped earlier than one the gateway already saw (another process's clock a minute
// behind, or a transaction that committed late) is still acted upon.
void TestGatewayRevocation::lateStampedRevocationIsCaught()
{
    GatewayFixture f(1, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString first = f.token(Role::Viewer);
    const QString second = f.token(Role::Viewer);
    WsClient a, b;
    QVERIFY(a.open(QUrl(wsUrl(f))));
    QVERIFY(b.open(QUrl(wsUrl(f))));
    QVERIFY(a.authenticate(first));
    QVERIFY(b.authenticate(second));

    TokenStore admin;
    QVERIFY(!admin.open(StoreUrl::sqliteFile(f.databasePath())).isError());
    QVERIFY(admin.revoke(tokenId(admin, first)).value());
    QTRY_VERIFY_WITH_TIMEOUT(a.disconnected, kNoticeMs);
    QCOMPARE(a.closeCode, kTokenRevoked);
    QVERIFY(!b.disconnected);

    // Written directly, a minute before the revocation the gateway has already seen.
    const qint64 secondId = tokenId(admin, second);
    const StoreResult<qint64> latest = admin.latestRevocation();
    QVERIFY(latest && latest.value() > 0);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("late-revoker"));
        db.setDatabaseName(f.databasePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE gateway_tokens SET revoked_ms = ? WHERE id = ?"));
        q.addBindValue(latest.value() - 60'000);
        q.addBindValue(secondId);
        QVERIFY(q.exec());
        QCOMPARE(q.numRowsAffected(), 1);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("late-revoker"));
    QTRY_VERIFY_WITH_TIMEOUT(b.disconnected, kNoticeMs);
    QCOMPARE(b.closeCode, kTokenRevoked);
}

void TestGatewayRevocation::revokedSinceReadsTheTable()
{
    QTemporaryDir dir;
    TokenStore tokens;
    QVERIFY(!tokens.open(StoreUrl::sqliteFile(dir.filePath(QStringLiteral("t.db")))).isError());
    QCOMPARE(tokens.latestRevocation().value(), qint64(0));
    const auto a = tokens.create(QStringLiteral("viewer"), 0, QString());
    const auto b = tokens.create(QStringLiteral("viewer"), 0, QString());
    QVERIFY(a && b);
    QVERIFY(tokens.revokedSince(0).value().isEmpty());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(tokens.revoke(b->id).value());
    const StoreResult<QList<TokenStore::Revocation>> revoked = tokens.revokedSince(before);
    QVERIFY(revoked);
    QCOMPARE(revoked->size(), 1);
    QCOMPARE(revoked->first().id, b->id);
    QVERIFY(revoked->first().revokedMs >= before);
    QCOMPARE(tokens.latestRevocation().value(), revoked->first().revokedMs);
    QVERIFY(tokens.revokedSince(revoked->first().revokedMs + 1).value().isEmpty());
}

QTEST_MAIN(TestGatewayRevocation)
#include "tst_gatewayrevocation.moc"
