// The gateway's tokens are read and written off the gateway thread (TokenService). A token written
// while the database is held by another writer (the engine's committer, `airdisplayd token revoke`
// in another process) waits for it; the gateway thread must go on serving everyone else meanwhile.
// Before the service it ran the write itself and answered nobody for as long as it waited: requests
// that had arrived meanwhile were answered late, or refused as timed out (408).

#include "GatewayFixture.h"
#include "TokenService.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace airdisplay;

class TestTokenService : public QObject
{
    Q_OBJECT

private slots:
    void theGatewayServesOthersWhileATokenWaitsForTheDatabase();
    void framesSentRightAfterAuthWaitForItsCheckInOrder();
    void anAnswerToAClosedServiceNeverComes();
};

void TestTokenService::theGatewayServesOthersWhileATokenWaitsForTheDatabase()
{
    GatewayFixture f(3, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString admin = f.token(Role::Admin);
    const QString operatorToken = f.token(Role::Operator);
    QVERIFY(!admin.isEmpty() && !operatorToken.isEmpty());
    WsClient session;
    QVERIFY(session.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port()))));
    QVERIFY(session.authenticate(operatorToken));

    // Another process holds the database's write lock, as a revocation or a big commit would.
    QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
    holder.setDatabaseName(f.databasePath());
    QVERIFY(holder.open());
    {
        QSqlQuery begin(holder);
        QVERIFY2(begin.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(begin.lastError().text()));
    }

    const quint64 requestsBefore = f.gateway().metrics().httpRequests.load();
    QNetworkAccessManager http;
    QNetworkRequest create(f.url(QStringLiteral("/api/v1/tokens")));
    create.setRawHeader("Authorization", "Bearer " + admin.toLatin1());
    create.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *created = http.post(create, QByteArrayLiteral(R"({"role":"viewer","label":"while locked"})"));
    // The creation has reached the gateway (its counter says so) and goes to the token table's
    // writer, which waits for the lock (its busy timeout is 10 s).
    QTRY_VERIFY_WITH_TIMEOUT(f.gateway().metrics().httpRequests.load() > requestsBefore, 10000);
    QElapsedTimer clock;
    clock.start();

    // Meanwhile: plain HTTP, REST with a token check, and a WebSocket session are all served, and
    // the creation is still waiting when they are.
    GatewayFixture::Reply health = f.request("GET", QStringLiteral("/healthz"));
    QCOMPARE(health.status, 200);
    GatewayFixture::Reply banner = f.request("GET", QStringLiteral("/api/v1/banners/1"), operatorToken);
    QCOMPARE(banner.status, 200);
    const int from = int(session.frames.size());
    session.send(frame("ping", {}, QStringLiteral("p1")));
    QVERIFY(session.waitFor(ofType("pong"), 5000, from) >= 0);
    const qint64 servedWithinMs = clock.elapsed();
    // Before TokenService the gateway thread ran the write itself: the others were answered only
    // when it gave up (its 10 s busy timeout, answered 500).
    QVERIFY2(!created->isFinished(),
             qPrintable(QStringLiteral("the others were served only after the token write had finished (status %1, %2 ms):"
                                       " the gateway thread waited for the database")
                            .arg(created->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                            .arg(servedWithinMs)));

    // The lock goes; the waiting creation completes and is answered.
    {
        QSqlQuery commit(holder);
        QVERIFY(commit.exec(QStringLiteral("COMMIT")));
    }
    QTRY_VERIFY_WITH_TIMEOUT(created->isFinished(), 15000);
    QCOMPARE(created->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    const QJsonArray tokens = QJsonDocument::fromJson(created->readAll()).object().value(QLatin1String("tokens")).toArray();
    QCOMPARE(tokens.size(), 1);
    QVERIFY(tokens.at(0).toObject().value(QLatin1String("token")).toString().startsWith(QLatin1String("adt_")));
    created->deleteLater();
    qInfo("others were served within %lld ms while the token write waited for the lock", servedWithinMs);
    holder.close();
    holder = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
}

void TestTokenService::framesSentRightAfterAuthWaitForItsCheckInOrder()
{
    GatewayFixture f(3, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString operatorToken = f.token(Role::Operator);
    WsClient client;
    QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port()))));
    // No waiting for the welcome: the pings are answered after it, in order, none refused.
    client.send(frame("auth", {{QStringLiteral("token"), operatorToken}}, QStringLiteral("a")));
    for (int i = 0; i < 5; ++i)
        client.send(frame("ping", {}, QStringLiteral("p%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(client.frames.size(), 6, 10000);
    QCOMPARE(client.frames.at(0).value(QLatin1String("type")).toString(), QStringLiteral("welcome"));
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(client.frames.at(1 + i).value(QLatin1String("type")).toString(), QStringLiteral("pong"));
        QCOMPARE(client.frames.at(1 + i).value(QLatin1String("id")).toString(), QStringLiteral("p%1").arg(i));
    }

    // A bad token: its error, then the close; the frames behind it are not run.
    WsClient bad;
    QVERIFY(bad.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port()))));
    bad.send(frame("auth", {{QStringLiteral("token"), QStringLiteral("adt_nothing")}}, QStringLiteral("a")));
    bad.send(frame("ping", {}, QStringLiteral("p")));
    QTRY_VERIFY_WITH_TIMEOUT(bad.disconnected, 10000);
    QCOMPARE(bad.frames.size(), 1);
    QCOMPARE(bad.frames.at(0).value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(bad.closeCode, 4001);
}

void TestTokenService::anAnswerToAClosedServiceNeverComes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const StoreResult<StoreUrl> url = StoreUrl::parse(dir.filePath(QStringLiteral("tokens.db")));
    QVERIFY(url);
    auto service = std::make_unique<TokenService>();
    QVERIFY(!service->open(url.value(), 1000).isError());
    const TokenService::CreatedTokens made = service->create(Role::Viewer, 0, QStringLiteral("v")).result();
    QVERIFY(made);
    QCOMPARE(made.value().size(), 1);
    const TokenService::Verified verified = service->verify(made.value().at(0).token).result();
    QVERIFY(verified && verified.value());
    QCOMPARE(verified.value()->role, Role::Viewer);

    // Closed: a new ask is answered at once with the error; nothing is left to run on its threads.
    service->close();
    const TokenService::Verified closed = service->verify(made.value().at(0).token).result();
    QVERIFY(!closed);
    QCOMPARE(closed.error().code(), StoreError::Code::Closed);
    // Destroyed with asks in flight: the receiver of an answer that comes later is not touched.
    QVERIFY(!service->open(url.value(), 1000).isError());
    auto receiver = std::make_unique<QObject>();
    int answered = 0;
    for (int i = 0; i < 100; ++i)
        service->verify(made.value().at(0).token).then(receiver.get(), [&answered](const TokenService::Verified &) { ++answered; });
    service.reset();
    receiver.reset();
    QCoreApplication::sendPostedEvents();
    QCOMPARE(answered, 0);
}

QTEST_MAIN(TestTokenService)
#include "tst_tokenservice.moc"
