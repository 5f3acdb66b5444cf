#include "Store.h"
#include "TestDatabase.h"

#include "TestSemaphore.h"
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace airdisplay;

// The Store's reads and writes on both backends: state with optimistic concurrency, the event log,
// the fleet registry, telemetry, message receipts, closing and reopening.
class TestStore : public QObject
{
    Q_OBJECT

private:
    static void openStore(Store &store, const TestDatabase &db)
    {
        const StoreStatus status = store.open(db.location());
        QVERIFY2(!status.isError(), qPrintable(status.message()));
    }

#define OPEN_STORE(store, db)                                                                          \
    Store store;                                                                                        \
    openStore(store, db);                                                                               \
    if (QTest::currentTestFailed())                                                                     \
        return;

#define VERIFY_WRITE(expr)                                                                             \
    do {                                                                                                \
        const WriteResult result_ = (expr);                                                             \
        QVERIFY2(result_.ok(), qPrintable(result_.error.message()));                                    \
    } while (false)

    static MessageRecord message(qint64 id, qint64 banner, qint64 submittedMs, const QString &requestId)
    {
        MessageRecord m;
        m.messageId = id;
        m.bannerId = banner;
        m.author = QStringLiteral("alice");
        m.requestId = requestId;
        m.text = QStringLiteral("Happy birthday, Zoë! %1").arg(id);
        m.status = QStringLiteral("queued");
        m.submittedMs = submittedMs;
        return m;
    }

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void stateRoundTrip()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        auto absent = store.loadState("banner", "7");
        QVERIFY2(absent.ok(), qPrintable(absent.error().message()));
        QCOMPARE(absent->version, 0);
        QVERIFY(!absent->exists());

        const QByteArray binary("\x00\x01\xff state", 10);
        VERIFY_WRITE(store.write(WriteBatch().putState("banner", "7", 0, binary)));
        auto loaded = store.loadState("banner", "7");
        QCOMPARE(loaded->version, 1);
        QCOMPARE(loaded->payload, binary);

        VERIFY_WRITE(store.write(WriteBatch().putState("banner", "7", 1, "second")));
        QCOMPARE(store.loadState("banner", "7")->version, 2);
        QCOMPARE(store.loadState("banner", "7")->payload, QByteArray("second"));
        // Same id, other type: a different actor.
        QCOMPARE(store.loadState("queue", "7")->version, 0);

        VERIFY_WRITE(store.write(WriteBatch().removeState("banner", "7", 2)));
        QCOMPARE(store.loadState("banner", "7")->version, 0);
    }

    // A reader starts no writer and runs no migration: it reads what a store commits, and on a
    // database no engine has made it finds no tables (it made none), so the first Store there
    // still migrates from scratch.
    void aReaderReadsWithoutWriting()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        {
            StoreReader early;
            QVERIFY(!early.open(db.location()).isError());
            const auto nothing = early.loadBanner(1);
            QVERIFY2(!nothing.ok(), "a reader must not have created the schema");
            QCOMPARE(nothing.error().code(), StoreError::Code::Database);
        }
        OPEN_STORE(store, db);
        VERIFY_WRITE(store.write(WriteBatch().registerBanner({1, QStringLiteral("AD-1"), 5})));
        StoreReader reader;
        QVERIFY(!reader.open(db.location()).isError());
        QVERIFY(reader.isOpen());
        const auto banner = reader.loadBanner(1);
        QVERIFY2(banner.ok(), qPrintable(banner.error().message()));
        QCOMPARE(banner.value()->callsign, QStringLiteral("AD-1"));
        // What the store commits next is visible to the reader's next read.
        VERIFY_WRITE(store.write(WriteBatch().registerBanner({2, QStringLiteral("AD-2"), 6})));
        QCOMPARE(reader.bannerCount().value(), 2);
        reader.close();
        QVERIFY(!reader.isOpen());
        QCOMPARE(reader.loadBanner(1).error().code(), StoreError::Code::Closed);
    }

    // One engine writes a database at a time: a second Store is refused, with an error naming the
    // holder, and opens once the first has closed. (Across processes and kill -9: tst_daemon.)
    void aSecondWriterIsRefusedAndNamesTheHolder()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(first, db);
        Store second;
        const StoreStatus refused = second.open(db.location());
        QVERIFY(refused.isError());
        QCOMPARE(refused.code(), StoreError::Code::InUse);
        QVERIFY2(refused.message().contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
                 qPrintable(refused.message()));
        QVERIFY2(refused.message().contains(QSysInfo::machineHostName()), qPrintable(refused.message()));
        QVERIFY(!second.isOpen());
        // Refused without harm: the first still writes, and a reader still reads.
        VERIFY_WRITE(first.write(WriteBatch().registerBanner({1, QStringLiteral("AD-1"), 5})));
        StoreReader reader;
        QVERIFY(!reader.open(db.location()).isError());
        QCOMPARE(reader.bannerCount().value(), 1);
        first.close();
        const StoreStatus reopened = second.open(db.location());
        QVERIFY2(!reopened.isError(), qPrintable(reopened.message()));
        VERIFY_WRITE(second.write(WriteBatch().registerBanner({2, QStringLiteral("AD-2"), 6})));
    }

    void versionConflict()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        VERIFY_WRITE(store.write(WriteBatch().putState("banner", "1", 0, "v1")));

        const WriteResult stale = store.write(WriteBatch().putState("banner", "1", 0, "again"));
        QCOMPARE(stale.error.code(), StoreError::Code::Conflict);
        QVERIFY2(stale.error.message().contains("banner/1"), qPrintable(stale.error.message()));

        const WriteResult ahead = store.write(WriteBatch().putState("banner", "1", 5, "future"));
        QCOMPARE(ahead.error.code(), StoreError::Code::Conflict);
        const WriteResult missing = store.write(WriteBatch().putState("banner", "2", 3, "never written"));
        QCOMPARE(missing.error.code(), StoreError::Code::Conflict);
        const WriteResult removeStale = store.write(WriteBatch().removeState("banner", "1", 4));
        QCOMPARE(removeStale.error.code(), StoreError::Code::Conflict);

        QCOMPARE(store.loadState("banner", "1")->payload, QByteArray("v1"));
        QCOMPARE(store.counters().conflicts, 4u);
    }

    void invalidBatchRejected()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        const WriteResult result = store.write(WriteBatch().putState("", "1", 0, "x"));
        QCOMPARE(result.error.code(), StoreError::Code::InvalidArgument);
        QCOMPARE(store.write(WriteBatch().putState("t", "1", -1, "x")).error.code(), StoreError::Code::InvalidArgument);
        QCOMPARE(store.write(WriteBatch().upsertReminder({"t", "1", "", 5, 0, {}})).error.code(),
                 StoreError::Code::InvalidArgument);
    }

    void eventsGetGlobalAndBannerSequences()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        QCOMPARE(*store.lastEventSeq(), 0);
        qint64 previous = 0;
        for (int i = 1; i <= 5; ++i) {
            WriteBatch batch;
            batch.putState("banner", "1", i - 1, QByteArray::number(i));
            batch.appendEvent(1, i, "message.queued", QByteArray(R"({"n":)") + QByteArray::number(i) + "}", 1000 + i);
            batch.appendEvent(2, i, "telemetry.note", "{}", 2000 + i);
            const WriteResult result = store.write(batch);
            QVERIFY2(result.ok(), qPrintable(result.error.message()));
            QCOMPARE(result.events.size(), 2);
            // What comes back is what was committed, with the store's sequence numbers.
            QVERIFY(result.events[0].globalSeq > previous);
            QCOMPARE(result.events[1].globalSeq, result.events[0].globalSeq + 1);
            QCOMPARE(result.events[0].bannerSeq, i);
            QCOMPARE(result.events[0].payload, QByteArray(R"({"n":)") + QByteArray::number(i) + "}");
            previous = result.events[1].globalSeq;
        }
        QCOMPARE(*store.lastEventSeq(), previous);
        QCOMPARE(*store.lastBannerSeq(1), 5);
        QCOMPARE(*store.lastBannerSeq(3), 0);

        const auto all = store.eventsSince(0, 100);
        QVERIFY2(all.ok(), qPrintable(all.error().message()));
        QCOMPARE(all->size(), 10);
        QCOMPARE(all->at(0).type, QStringLiteral("message.queued"));
        QCOMPARE(all->at(0).atMs, 1001);
        QCOMPARE(all->at(1).bannerId, 2);
    }

    void eventsSincePagingAndFilter()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        WriteBatch batch;
        for (int i = 1; i <= 30; ++i)
            batch.appendEvent(i % 3, i, "e", QByteArray::number(i), i);
        VERIFY_WRITE(store.write(batch));

        QList<qint64> seen;
        qint64 after = 0;
        for (;;) {
            const auto page = store.eventsSince(after, 7);
            QVERIFY2(page.ok(), qPrintable(page.error().message()));
            QVERIFY(page->size() <= 7);
            if (page->isEmpty())
                break;
            for (const EventRecord &e : *page) {
                QVERIFY(e.globalSeq > after);
                after = e.globalSeq;
                seen << e.bannerSeq;
            }
        }
        QCOMPARE(seen.size(), 30);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(seen[i], i + 1);

        const auto banner1 = store.eventsSince(0, 100, {1});
        QCOMPARE(banner1->size(), 10);
        for (const EventRecord &e : *banner1)
            QCOMPARE(e.bannerId, 1);
        const auto two = store.eventsSince(0, 100, {0, 2, 99});
        QCOMPARE(two->size(), 20);
        const auto tail = store.eventsSince(banner1->at(4).globalSeq, 3, {1});
        QCOMPARE(tail->size(), 3);
        QCOMPARE(tail->at(0).bannerSeq, banner1->at(5).bannerSeq);
        QCOMPARE(store.eventsSince(0, 0).error().code(), StoreError::Code::InvalidArgument);
    }

    void failedBatchWritesNeitherStateNorEvents()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        VERIFY_WRITE(store.write(WriteBatch().putState("banner", "9", 0, "v1").appendEvent(9, 1, "a", "{}", 1)));

        // The state write succeeds, then the event's (banner, seq) is taken: the whole batch fails.
        WriteBatch bad;
        bad.putState("banner", "9", 1, "v2");
        bad.appendEvent(9, 1, "duplicate", "{}", 2);
        bad.upsertMessage(message(500, 9, 2, "r-bad"));
        const WriteResult result = store.write(bad);
        QCOMPARE(result.error.code(), StoreError::Code::Conflict);
        QVERIFY(result.events.isEmpty());

        QCOMPARE(store.loadState("banner", "9")->version, 1);
        QCOMPARE(store.loadState("banner", "9")->payload, QByteArray("v1"));
        QCOMPARE(store.eventsSince(0, 10)->size(), 1);
        QVERIFY(!store.loadMessage(500)->has_value());
    }

    void bannerRegistry()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        const qint64 big = Q_INT64_C(9007199254740993); // beyond a double's exact integers
        VERIFY_WRITE(store.write(WriteBatch().registerBanner({big, "N-BIG", 1000}).registerBanner({2, "N-TWO", 2000})));
        QCOMPARE(store.write(WriteBatch().registerBanner({2, "N-OTHER", 3})).error.code(), StoreError::Code::Conflict);
        QCOMPARE(store.write(WriteBatch().registerBanner({3, "N-TWO", 3})).error.code(), StoreError::Code::Conflict);

        const auto loaded = store.loadBanner(big);
        QVERIFY(loaded.ok() && loaded->has_value());
        QCOMPARE((*loaded)->callsign, QStringLiteral("N-BIG"));
        QCOMPARE((*loaded)->id, big);
        QCOMPARE((*store.findBannerByCallsign("N-TWO"))->id, 2);
        QVERIFY(!store.loadBanner(3)->has_value());
        QCOMPARE(*store.bannerCount(), 2);

        WriteBatch many;
        for (int i = 10; i < 110; ++i)
            many.registerBanner({i, QStringLiteral("N%1").arg(i), i});
        VERIFY_WRITE(store.write(many));
        QList<qint64> ids;
        qint64 after = 0;
        for (;;) {
            const auto page = store.loadBanners(after, 25);
            if (page->isEmpty())
                break;
            for (const auto &b : *page)
                ids << (after = b.id);
        }
        QCOMPARE(ids.size(), 102);
        QVERIFY(std::is_sorted(ids.begin(), ids.end()));
    }

    void telemetryBatchUpsert()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        QList<TelemetryRecord> rows;
        for (int i = 1; i <= 1000; ++i)
            rows << TelemetryRecord{i, 40.0 + i / 1000.0, -73.5, 90, 80, 1500, 99.5, 1000};
        // A banner reported twice in one flush: the later report wins.
        rows << TelemetryRecord{5, 1.5, 2.5, 180, 60, 1200, 50, 2000};
        TestSemaphore done;
        WriteResult flushed;
        store.writeTelemetry(rows, [&](WriteResult r) {
            flushed = std::move(r);
            done.release();
        });
        done.acquire();
        QVERIFY2(flushed.ok(), qPrintable(flushed.error.message()));
        QCOMPARE(store.counters().transactions, 1u);

        const auto five = store.loadTelemetry(5);
        QVERIFY(five->has_value());
        QCOMPARE((*five)->latitude, 1.5);
        QCOMPARE((*five)->headingDeg, 180.0);
        QCOMPARE((*five)->atMs, 2000);
        QCOMPARE((*store.loadTelemetry(1000))->latitude, 41.0);
        QCOMPARE((*store.loadTelemetry(7))->batteryPercent, 99.5);

        QList<TelemetryRecord> update{{7, 10, 20, 30, 40, 50, 60, 3000}};
        VERIFY_WRITE(store.write(WriteBatch().upsertTelemetry(update[0])));
        QCOMPARE((*store.loadTelemetry(7))->altitudeFt, 50.0);
        int count = 0;
        qint64 after = 0;
        for (;;) {
            const auto page = store.loadTelemetryPage(after, 300);
            if (page->isEmpty())
                break;
            count += page->size();
            after = page->constLast().bannerId;
        }
        QCOMPARE(count, 1000);
    }

    void messageReceipt()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        MessageRecord m = message(Q_INT64_C(1) << 40, 3, 1000, "req-1");
        VERIFY_WRITE(store.write(WriteBatch().upsertMessage(m)));
        auto loaded = store.loadMessage(m.messageId);
        QVERIFY(loaded.ok() && loaded->has_value());
        QCOMPARE((*loaded)->text, m.text);
        QCOMPARE((*loaded)->status, QStringLiteral("queued"));
        QVERIFY(!(*loaded)->startedMs.has_value());
        QVERIFY(!(*loaded)->endedMs.has_value());

        m.status = QStringLiteral("displaying");
        m.startedMs = 5000;
        VERIFY_WRITE(store.write(WriteBatch().upsertMessage(m)));
        m.status = QStringLiteral("shown");
        m.endedMs = 65000;
        VERIFY_WRITE(store.write(WriteBatch().upsertMessage(m)));
        loaded = store.loadMessage(m.messageId);
        QCOMPARE((*loaded)->status, QStringLiteral("shown"));
        QCOMPARE((*loaded)->startedMs, std::optional<qint64>(5000));
        QCOMPARE((*loaded)->endedMs, std::optional<qint64>(65000));
        QCOMPARE((*loaded)->author, QStringLiteral("alice"));
        QCOMPARE((*loaded)->requestId, QStringLiteral("req-1"));
        QCOMPARE((*loaded)->submittedMs, 1000);
        QVERIFY(!store.loadMessage(42)->has_value());
        QVERIFY((*loaded)->reason.isEmpty());

        // A rejection's reason is kept for the customer's receipt.
        MessageRecord rejected = message(Q_INT64_C(1) << 41, 5, 1500, "req-r");
        rejected.status = QStringLiteral("rejected");
        rejected.reason = QStringLiteral("Not on a family beach");
        VERIFY_WRITE(store.write(WriteBatch().upsertMessage(rejected)));
        QCOMPARE((*store.loadMessage(rejected.messageId))->reason, QStringLiteral("Not on a family beach"));

        const auto byRequest = store.findMessageByRequest(3, "alice", "req-1");
        QVERIFY(byRequest->has_value());
        QCOMPARE((*byRequest)->messageId, m.messageId);
        QVERIFY(!store.findMessageByRequest(3, "bob", "req-1")->has_value());

        WriteBatch history;
        for (int i = 1; i <= 10; ++i)
            history.upsertMessage(message(100 + i, 3, 2000 + i, QStringLiteral("h%1").arg(i)));
        history.upsertMessage(message(999, 4, 9999, "other banner"));
        VERIFY_WRITE(store.write(history));
        const auto recent = store.messageHistory(3, 4);
        QVERIFY2(recent.ok(), qPrintable(recent.error().message()));
        QCOMPARE(recent->size(), 4);
        QCOMPARE(recent->at(0).messageId, 110);
        QCOMPARE(recent->at(3).messageId, 107);
        QCOMPARE(store.messageHistory(3, 100)->size(), 11);
    }

    void readsFromManyThreads()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        OPEN_STORE(store, db);
        for (int i = 0; i < 20; ++i)
            VERIFY_WRITE(store.write(WriteBatch().putState("banner", QString::number(i), 0, QByteArray::number(i))));

        std::atomic<int> failures{0};
        // std::thread rather than QThread: the join is then visible to ThreadSanitizer.
        std::vector<std::thread> readers;
        for (int t = 0; t < 4; ++t) {
            readers.emplace_back([&store, &failures] {
                for (int round = 0; round < 200; ++round) {
                    const QString id = QString::number(round % 20);
                    const auto state = store.loadState("banner", id);
                    if (!state.ok() || state->version < 1 || state->payload.isEmpty())
                        ++failures;
                }
            });
        }
        // Writes go on meanwhile; readers see committed versions only.
        std::thread writer([&store] {
            for (int v = 1; v < 50; ++v)
                store.write(WriteBatch().putState("banner", "0", v, QByteArray::number(v)));
        });
        for (std::thread &reader : readers)
            reader.join();
        writer.join();
        QCOMPARE(failures.load(), 0);
        // Each reader thread's connection went away with its thread.
        QCOMPARE(store.readConnectionCount(), 0);
        QVERIFY(store.loadState("banner", "1").ok());
        QCOMPARE(store.readConnectionCount(), 1);
        store.releaseThreadConnection();
        QCOMPARE(store.readConnectionCount(), 0);
    }

    void closeFlushesPendingWrites()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        std::atomic<int> acknowledged{0};
        std::atomic<int> failed{0};
        const int count = 3000;
        {
            OPEN_STORE(store, db);
            for (int i = 0; i < count; ++i) {
                WriteBatch batch;
                batch.putState("banner", QString::number(i), 0, "queued");
                batch.appendEvent(i, 1, "created", "{}", i);
                store.submit(std::move(batch), [&](WriteResult r) { ++(r.ok() ? acknowledged : failed); });
            }
            store.close();
            // Every caller was answered by the time close() returned.
            QCOMPARE(acknowledged.load() + failed.load(), count);
            QCOMPARE(failed.load(), 0);
            QCOMPARE(store.loadState("banner", "0").error().code(), StoreError::Code::Closed);
            WriteResult late;
            store.submit(WriteBatch().putState("banner", "late", 0, "x"), [&](WriteResult r) { late = r; });
            QCOMPARE(late.error.code(), StoreError::Code::Closed);
        }
        OPEN_STORE(reopened, db);
        QCOMPARE(reopened.eventsSince(0, count + 10)->size(), count);
        QCOMPARE(reopened.loadState("banner", QString::number(count - 1))->version, 1);
    }

    void persistsAcrossReopen()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        qint64 lastSeq = 0;
        {
            OPEN_STORE(store, db);
            WriteBatch batch;
            batch.putState("banner", "1", 0, "state");
            batch.appendEvent(1, 1, "registered", "{}", 10);
            batch.upsertReminder({"banner", "1", "expiry", 60'000, 0, "m1"});
            batch.registerBanner({1, "N-ONE", 10});
            batch.upsertMessage(message(77, 1, 10, "r"));
            batch.upsertTelemetry({1, 1, 2, 3, 4, 5, 6, 7});
            const WriteResult result = store.write(batch);
            QVERIFY2(result.ok(), qPrintable(result.error.message()));
            lastSeq = result.events[0].globalSeq;
        }
        for (int round = 0; round < 2; ++round) {
            OPEN_STORE(store, db);
            QCOMPARE(store.loadState("banner", "1")->payload, QByteArray("state"));
            QCOMPARE(*store.lastEventSeq(), lastSeq + round);
            QCOMPARE(store.loadReminders("banner", "1")->size(), 1);
            QCOMPARE(store.loadReminders("banner", "1")->at(0).payload, QByteArray("m1"));
            QCOMPARE((*store.loadBanner(1))->callsign, QStringLiteral("N-ONE"));
            QCOMPARE((*store.loadMessage(77))->requestId, QStringLiteral("r"));
            QCOMPARE((*store.loadTelemetry(1))->atMs, 7);
            // Sequence numbers continue after a restart; they are never reused.
            const WriteResult next = store.write(WriteBatch().appendEvent(1, 2 + round, "again", "{}", 11));
            QCOMPARE(next.events[0].globalSeq, lastSeq + round + 1);
        }
    }

    void openFailsClearly()
    {
        QFETCH_GLOBAL(QString, backend);
        Store store;
        const StoreStatus status = backend == QLatin1String("sqlite")
                ? store.open(QStringLiteral("/proc/no/such/folder/x.db"))
                : store.open(QStringLiteral("postgresql://nobody@127.0.0.1:1/none"));
        QVERIFY(status.isError());
        QVERIFY2(status.message().contains("cannot open database"), qPrintable(status.message()));
        QVERIFY(!store.isOpen());
        QCOMPARE(store.loadState("a", "b").error().code(), StoreError::Code::Closed);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
