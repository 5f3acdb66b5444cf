// TokenStore: the gateway's bearer tokens in the store's database (migration 3), on SQLite and
// PostgreSQL. Roles are names to the store; the gateway maps them (TokenService).
#include "ConnectionFactory.h"
#include "Migrations.h"
#include "Store.h"
#include "TestDatabase.h"
#include "TokenStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace airdisplay;

class TestTokenStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void createVerifyRevoke()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        TokenStore tokens;
        const StoreStatus opened = tokens.open(db.url());
        QVERIFY2(!opened.isError(), qPrintable(opened.message()));
        const auto op = tokens.create(QStringLiteral("operator"), 0, QStringLiteral("customer app"));
        QVERIFY(op.ok());
        QVERIFY(op->token.startsWith(QStringLiteral("adt_")));
        QVERIFY(op->token.size() >= 4 + 43); // 32 random bytes in base64url

        const auto verified = tokens.verify(op->token);
        QVERIFY(verified.ok() && verified.value());
        QCOMPARE(verified.value()->role, QStringLiteral("operator"));
        QCOMPARE(verified.value()->id, op->id);
        QCOMPARE(verified.value()->label, QStringLiteral("customer app"));
        QVERIFY(!tokens.verify(op->token + QLatin1Char('x')).value());
        QVERIFY(!tokens.verify(QStringLiteral("adt_")).value());

        const auto devices = tokens.createForBanners(QStringLiteral("device"), {5, 6}, QStringLiteral("sim"));
        QVERIFY2(devices.ok(), qPrintable(devices.error().message()));
        QCOMPARE(devices->size(), 2);
        QCOMPARE(tokens.verify(devices->at(1).token).value()->bannerId, 6);
        // All or none: a batch with a bad id writes nothing.
        QCOMPARE(tokens.createForBanners(QStringLiteral("device"), {8, 0}, {}).error().code(), StoreError::Code::InvalidArgument);

        QVERIFY(tokens.revoke(op->id).value());
        QVERIFY(!tokens.revoke(op->id).value());
        QVERIFY(!tokens.verify(op->token).value());
        const auto listed = tokens.list();
        QCOMPARE(listed->size(), 3);
        QVERIFY(listed->at(0).revokedMs.has_value());
        QCOMPARE(listed->at(1).role, QStringLiteral("device"));

        // Only the hash is stored, and what was written stays.
        tokens.close();
        {
            const QString name = QStringLiteral("peek");
            {
                StoreResult<QSqlDatabase> peek = ConnectionFactory::open(db.url(), StoreOptions{}, name, ConnectionFactory::Role::Reader);
                QVERIFY2(peek.ok(), qPrintable(peek.error().message()));
                QSqlQuery q(peek.value());
                QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM gateway_tokens")));
                int rows = 0;
                while (q.next()) {
                    ++rows;
                    QCOMPARE(q.value(0).toString().size(), 64);
                    QVERIFY(q.value(0).toString() != devices->at(0).token);
                }
                QCOMPARE(rows, 3);
            }
            QSqlDatabase::removeDatabase(name);
        }
        TokenStore again;
        QVERIFY(!again.open(db.url()).isError());
        QVERIFY(again.verify(devices->at(0).token).value().has_value());
    }

    // A database of an older AirDisplay: the gateway made the token table itself, outside the
    // migrations. Migration 3 takes it as it is, tokens included.
    void aTokenTableMadeBeforeItsMigrationIsKept()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        const QString name = QStringLiteral("old-gateway");
        {
            StoreResult<QSqlDatabase> opened = ConnectionFactory::open(db.url(), StoreOptions{}, name, ConnectionFactory::Role::Writer);
            QVERIFY2(opened.ok(), qPrintable(opened.error().message()));
            QSqlDatabase raw = opened.value();
            // The schema of that older AirDisplay: its first two migrations (today's Store would not
            // open it, as its writer speaks today's schema).
            const StoreResult<int> migrated = Migrations::apply(raw, db.isPostgres() ? StoreUrl::Backend::Postgres
                                                                                     : StoreUrl::Backend::Sqlite,
                                                                Migrations::all().mid(0, 2));
            QVERIFY2(migrated.ok() && migrated.value() == 2, qPrintable(migrated.ok() ? QString() : migrated.error().message()));
            QSqlQuery q(raw);
            const QString id = db.isPostgres() ? QStringLiteral("BIGSERIAL PRIMARY KEY") : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE gateway_tokens (id %1, token_hash TEXT NOT NULL UNIQUE,"
                                          " role TEXT NOT NULL, banner_id BIGINT NOT NULL, label TEXT NOT NULL,"
                                          " created_ms BIGINT NOT NULL, revoked_ms BIGINT)").arg(id)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO gateway_tokens (token_hash, role, banner_id, label, created_ms)"
                                          " VALUES ('%1', 'admin', 0, 'from before', 1)")
                               .arg(QString::fromLatin1(TokenStore::hashOf(QStringLiteral("adt_old"))))));
            q = QSqlQuery();
            raw.close();
        }
        QSqlDatabase::removeDatabase(name);

        TokenStore tokens;
        const StoreStatus opened = tokens.open(db.url());
        QVERIFY2(!opened.isError(), qPrintable(opened.message()));
        const auto old = tokens.verify(QStringLiteral("adt_old"));
        QVERIFY(old.ok() && old.value());
        QCOMPARE(old.value()->role, QStringLiteral("admin"));
        QCOMPARE(old.value()->label, QStringLiteral("from before"));
        QVERIFY(tokens.create(QStringLiteral("viewer"), 0, {}).ok());
        Store store;
        QVERIFY(!store.open(db.url()).isError()); // at the latest version: nothing left to apply
        store.close();
    }
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
