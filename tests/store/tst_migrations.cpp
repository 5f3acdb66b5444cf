#include "ConnectionFactory.h"
#include "Migrations.h"
#include "Store.h"
#include "TestDatabase.h"

#include <QSqlQuery>
#include <QTest>

using namespace airdisplay;

// Migrations run at open: from an empty database, idempotently on re-open, each in a transaction
// of its own, and a database newer than the program is refused.
class TestMigrations : public QObject
{
    Q_OBJECT

private:
    // Reads schema_version and the existence of a table through a connection of the test's own.
    static QList<int> appliedVersions(const StoreUrl &url)
    {
        QList<int> versions;
        const QString name = ConnectionFactory::uniqueName(QStringLiteral("test"));
        {
            auto db = ConnectionFactory::open(url, {}, name, ConnectionFactory::Role::Reader);
            if (!db)
                qWarning() << db.error().message();
            QSqlQuery q(*db);
            if (q.exec(QStringLiteral("SELECT version FROM schema_version ORDER BY version")))
                while (q.next())
                    versions << q.value(0).toInt();
        }
        QSqlDatabase::removeDatabase(name);
        return versions;
    }

    static bool tableExists(const StoreUrl &url, const QString &table)
    {
        bool exists = false;
        const QString name = ConnectionFactory::uniqueName(QStringLiteral("test"));
        {
            auto db = ConnectionFactory::open(url, {}, name, ConnectionFactory::Role::Reader);
            QSqlQuery q(*db);
            exists = q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
        }
        QSqlDatabase::removeDatabase(name);
        return exists;
    }

    static Migrations::Migration extraMigration(int version, const QString &table, bool broken)
    {
        const QStringList sql = {
            QStringLiteral("CREATE TABLE %1 (x INTEGER)").arg(table),
            broken ? QStringLiteral("THIS IS NOT SQL") : QStringLiteral("INSERT INTO %1 (x) VALUES (1)").arg(table),
        };
        return {version, QStringLiteral("test table %1").arg(table), sql, sql};
    }

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void fromEmpty()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        const StoreStatus status = store.open(db.location());
        QVERIFY2(!status.isError(), qPrintable(status.message()));
        QList<int> expected;
        for (const auto &m : Migrations::all())
            expected << m.version;
        QCOMPARE(appliedVersions(db.url()), expected);
        for (const char *table : {"actor_state", "events", "reminders", "banners", "telemetry", "messages"})
            QVERIFY2(tableExists(db.url(), QString::fromLatin1(table)), table);
    }

    void reopenIsIdempotent()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        for (int i = 0; i < 3; ++i) {
            Store store;
            const StoreStatus status = store.open(db.location());
            QVERIFY2(!status.isError(), qPrintable(status.message()));
            QVERIFY(!store.write(WriteBatch().putState("t", "a", i, "x")).error.isError());
        }
        QCOMPARE(appliedVersions(db.url()).size(), Migrations::all().size());
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        QCOMPARE(store.loadState("t", "a")->version, 3);
    }

    void laterMigrationAppliesOnNextOpen()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        {
            Store store;
            QVERIFY(!store.open(db.url()).isError());
        }
        auto migrations = Migrations::all();
        migrations << extraMigration(Migrations::latestVersion() + 1, "extra_one", false);
        Store store;
        const StoreStatus status = store.open(db.url(), migrations);
        QVERIFY2(!status.isError(), qPrintable(status.message()));
        QCOMPARE(appliedVersions(db.url()).constLast(), Migrations::latestVersion() + 1);
        QVERIFY(tableExists(db.url(), "extra_one"));
    }

    void failedMigrationRollsBack()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        auto migrations = Migrations::all();
        migrations << extraMigration(Migrations::latestVersion() + 1, "half_done", true);
        Store store;
        const StoreStatus status = store.open(db.url(), migrations);
        QVERIFY(status.isError());
        QVERIFY2(status.message().contains(QStringLiteral("schema migration %1").arg(Migrations::latestVersion() + 1)),
                 qPrintable(status.message()));
        QVERIFY(!store.isOpen());
        // The good migrations stay; the broken one left nothing behind, not even its first statement.
        QCOMPARE(appliedVersions(db.url()).constLast(), Migrations::latestVersion());
        QVERIFY(!tableExists(db.url(), "half_done"));
    }

    void newerDatabaseRefused()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        auto migrations = Migrations::all();
        migrations << extraMigration(Migrations::latestVersion() + 1, "from_the_future", false);
        {
            Store store;
            QVERIFY(!store.open(db.url(), migrations).isError());
        }
        Store store;
        const StoreStatus status = store.open(db.url());
        QVERIFY(status.isError());
        QVERIFY2(status.message().contains(QStringLiteral("newer")), qPrintable(status.message()));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
