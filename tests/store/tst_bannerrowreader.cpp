// BannerRowReader: every registered banner with its actor's state and last telemetry, read in
// pages, on SQLite and PostgreSQL. What an opening fleet builds its index from.
#include "BannerRowReader.h"
#include "Store.h"
#include "TestDatabase.h"

#include <QSemaphore>
#include <QtTest>

using namespace airdisplay;

class TestBannerRowReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void everyBannerWithItsStateAndTelemetryAcrossPages()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        const StoreStatus opened = store.open(db.location());
        QVERIFY2(!opened.isError(), qPrintable(opened.message()));
        WriteBatch batch;
        for (qint64 id = 1; id <= 7; ++id)
            batch.registerBanner({id, QStringLiteral("N-%1").arg(id), 1000 + id});
        // Banner 2 has a state, 3 a position, 5 both; another actor type's state is not a banner's.
        batch.putState(QStringLiteral("banner"), QStringLiteral("2"), 0, QByteArrayLiteral("state of 2"));
        batch.putState(QStringLiteral("banner"), QStringLiteral("5"), 0, QByteArrayLiteral("state of 5"));
        batch.putState(QStringLiteral("other"), QStringLiteral("3"), 0, QByteArrayLiteral("not a banner's"));
        const WriteResult written = store.write(batch);
        QVERIFY2(written.ok(), qPrintable(written.error.message()));
        QSemaphore flushed;
        store.writeTelemetry({{3, 51.5, -0.12, 90, 80, 1500, 76, 5000}, {5, -33.9, 151.2, 180, 60, 900, 40, 6000}},
                             [&](const WriteResult &) { flushed.release(); });
        QVERIFY(flushed.tryAcquire(1, 30000));

        QList<BannerRow> rows;
        const StoreStatus read = BannerRowReader::read(db.url(), StoreOptions{}, QStringLiteral("banner"), 3,
                                                       [&](BannerRow &&row) { rows.append(std::move(row)); });
        QVERIFY2(!read.isError(), qPrintable(read.message()));
        QCOMPARE(rows.size(), 7); // three pages of 3, 3 and 1
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows.at(i).id, qint64(i + 1));
            QCOMPARE(rows.at(i).callsign, QStringLiteral("N-%1").arg(i + 1));
        }
        QCOMPARE(rows.at(1).state.value_or(QByteArray()), QByteArrayLiteral("state of 2"));
        QCOMPARE(rows.at(4).state.value_or(QByteArray()), QByteArrayLiteral("state of 5"));
        QVERIFY(!rows.at(0).state && !rows.at(2).state && !rows.at(6).state);
        QVERIFY(rows.at(2).telemetry && rows.at(4).telemetry);
        QCOMPARE(rows.at(2).telemetry->latitude, 51.5);
        QCOMPARE(rows.at(2).telemetry->bannerId, qint64(3));
        QCOMPARE(rows.at(4).telemetry->batteryPercent, 40.0);
        QCOMPARE(rows.at(4).telemetry->atMs, qint64(6000));
        QVERIFY(!rows.at(0).telemetry && !rows.at(1).telemetry);

        // A page size that is no size is refused, not looped on.
        QCOMPARE(BannerRowReader::read(db.url(), StoreOptions{}, QStringLiteral("banner"), 0, [](BannerRow &&) {}).code(),
                 StoreError::Code::InvalidArgument);
        store.close();
    }
};

QTEST_GUILESS_MAIN(TestBannerRowReader)
#include "tst_bannerrowreader.moc"
