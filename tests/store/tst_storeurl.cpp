#include "StoreUrl.h"

#include <QDir>
#include <QTest>

using namespace airdisplay;

class TestStoreUrl : public QObject
{
    Q_OBJECT

private slots:
    void sqlitePaths_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << "/var/lib/airdisplay/a.db" << "/var/lib/airdisplay/a.db";
        QTest::newRow("relative") << "data/a.db" << QDir::current().absoluteFilePath("data/a.db");
        QTest::newRow("sqlite scheme") << "sqlite:///tmp/x.db" << "/tmp/x.db";
        QTest::newRow("spaces trimmed") << "  /tmp/y.db " << "/tmp/y.db";
    }
    void sqlitePaths()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        const auto url = StoreUrl::parse(text);
        QVERIFY2(url.ok(), qPrintable(url.error().message()));
        QVERIFY(url->isSqlite());
        QCOMPARE(url->driverName(), QStringLiteral("QSQLITE"));
        QCOMPARE(url->filePath(), path);
    }

    void postgresUrl()
    {
        const auto url = StoreUrl::parse("postgresql://alice:s%40cret@db.example:6543/fleet?schema=node_1&sslmode=require");
        QVERIFY2(url.ok(), qPrintable(url.error().message()));
        QVERIFY(url->isPostgres());
        QCOMPARE(url->driverName(), QStringLiteral("QPSQL"));
        QCOMPARE(url->host(), QStringLiteral("db.example"));
        QCOMPARE(url->port(), 6543);
        QCOMPARE(url->database(), QStringLiteral("fleet"));
        QCOMPARE(url->userName(), QStringLiteral("alice"));
        QCOMPARE(url->password(), QStringLiteral("s@cret"));
        QCOMPARE(url->schema(), QStringLiteral("node_1"));
        QCOMPARE(url->connectOptions(), QStringLiteral("sslmode=require"));
        QVERIFY(!url->toDisplayString().contains("s@cret"));
    }

    void postgresDefaults()
    {
        const auto url = StoreUrl::parse("postgres://bob@localhost/airdisplay");
        QVERIFY2(url.ok(), qPrintable(url.error().message()));
        QCOMPARE(url->port(), 5432);
        QCOMPARE(url->password(), QString());
        QCOMPARE(url->schema(), QString());
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << "" << "empty";
        QTest::newRow("memory") << ":memory:" << "in-memory";
        QTest::newRow("scheme") << "mysql://u@h/db" << "unsupported scheme";
        QTest::newRow("no database") << "postgresql://u@h:5432/" << "expected postgresql://";
        QTest::newRow("bad schema") << "postgresql://u@h/db?schema=a;drop" << "plain identifier";
        QTest::newRow("unknown option") << "postgresql://u@h/db?colour=red" << "unknown option";
        QTest::newRow("bad port") << "postgresql://u@h:0/db" << "port";
    }
    void rejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const auto url = StoreUrl::parse(text);
        QVERIFY(!url.ok());
        QCOMPARE(url.error().code(), StoreError::Code::InvalidArgument);
        QVERIFY2(url.error().message().contains(reason), qPrintable(url.error().message()));
    }

    void passwordNeverInErrors()
    {
        const auto url = StoreUrl::parse("postgresql://u:topsecret@h/db?colour=red");
        QVERIFY(!url.ok());
        QVERIFY2(!url.error().message().contains("topsecret"), qPrintable(url.error().message()));
    }
};

QTEST_GUILESS_MAIN(TestStoreUrl)
#include "tst_storeurl.moc"
