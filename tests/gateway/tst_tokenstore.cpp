#include "Store.h"
#include "TokenCommand.h"
#include "TokenStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

using namespace airdisplay;

class TestTokenStore : public QObject
{
    Q_OBJECT

private slots:
    void createVerifyRevoke()
    {
        QTemporaryDir dir;
        TokenStore tokens;
        QVERIFY(!tokens.open(StoreUrl::sqliteFile(dir.filePath(QStringLiteral("t.db")))).isError());
        const auto op = tokens.create(Role::Operator, 0, QStringLiteral("customer app"));
        QVERIFY(op.ok());
        QVERIFY(op->token.startsWith(QStringLiteral("adt_")));
        QVERIFY(op->token.size() >= 4 + 43); // 32 random bytes in base64url

        const auto verified = tokens.verify(op->token);
        QVERIFY(verified.ok() && verified.value());
        QCOMPARE(verified.value()->role, Role::Operator);
        QCOMPARE(verified.value()->tokenId, op->id);
        QVERIFY(!tokens.verify(op->token + QLatin1Char('x')).value());
        QVERIFY(!tokens.verify(QStringLiteral("adt_")).value());

        QVERIFY(!tokens.create(Role::Device, 0, {}).ok());   // a device needs its banner
        QVERIFY(!tokens.create(Role::Viewer, 5, {}).ok());   // and only a device has one
        const auto device = tokens.create(Role::Device, 5, {});
        QVERIFY2(device.ok(), qPrintable(device.error().message()));
        QCOMPARE(tokens.verify(device->token).value()->bannerId, 5);

        QVERIFY(tokens.revoke(op->id).value());
        QVERIFY(!tokens.revoke(op->id).value());
        QVERIFY(!tokens.verify(op->token).value());
        QCOMPARE(tokens.list().value().size(), 2);
        tokens.close();

        // Only the hash is stored.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(dir.filePath(QStringLiteral("t.db")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM gateway_tokens")));
        while (q.next()) {
            QCOMPARE(q.value(0).toString().size(), 64);
            QVERIFY(q.value(0).toString() != device->token);
        }
        q = QSqlQuery();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }

    void command()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.db"));
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("dispatcher")}, db, out, err), 0);
        out.flush();
        QVERIFY(outText.startsWith(QStringLiteral("adt_")));
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("pilot")}, db, out, err), 2);
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("device")}, db, out, err), 1);
        // A device token only for a registered banner, as over REST.
        const QStringList device7 = {QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("device"),
                                     QStringLiteral("--banner"), QStringLiteral("7")};
        QCOMPARE(TokenCommand::run(device7, db, out, err), 1);
        err.flush();
        QVERIFY2(errText.contains(QStringLiteral("banner 7 is not registered")), qPrintable(errText));
        {
            Store store;
            QVERIFY(!store.open(db).isError());
            WriteBatch batch;
            batch.registerBanner({7, QStringLiteral("AD-7"), 0});
            QVERIFY(store.write(std::move(batch)).ok());
        }
        QCOMPARE(TokenCommand::run(device7, db, out, err), 0);
        QCOMPARE(TokenCommand::run({QStringLiteral("list")}, db, out, err), 0);
        QCOMPARE(TokenCommand::run({QStringLiteral("revoke"), QStringLiteral("1")}, db, out, err), 0);
        QCOMPARE(TokenCommand::run({QStringLiteral("revoke"), QStringLiteral("1")}, db, out, err), 1);
        QCOMPARE(TokenCommand::run({QStringLiteral("frobnicate")}, db, out, err), 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
