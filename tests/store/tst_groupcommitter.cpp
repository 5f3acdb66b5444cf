#include "Store.h"
#include "TestDatabase.h"

#include "TestSemaphore.h"
#include <QFileInfo>
#include <QTest>
#include <QThread>

#include <atomic>
#include <stdexcept>

using namespace airdisplay;

// Group commit: many callers' batches share a transaction, each caller is answered after the
// commit, and one failing batch does not take the rest of its group down.
class TestGroupCommitter : public QObject
{
    Q_OBJECT

private:
    // Holds the writer thread inside the reminder observer (callbacks run on another thread, and
    // the writer goes on while they do), so everything submitted meanwhile forms the next group,
    // exactly.
    struct WriterGate
    {
        TestSemaphore entered;
        TestSemaphore release;
        std::atomic<bool> armed{true}; // once: the observer stays set, and holds the writer's lock

        void close(Store &store)
        {
            store.setReminderObserver([this](const QList<ReminderChange> &) {
                if (!armed.exchange(false))
                    return;
                entered.release();
                release.acquire();
            });
            Reminder gate;
            gate.actorType = "gate";
            gate.actorId = "gate";
            gate.name = "gate";
            store.submit(WriteBatch().upsertReminder(gate), {});
            entered.acquire();
        }
        void open() { release.release(); }
    };

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void concurrentCallersShareTransactions()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        const int threads = 6;
        const int perThread = 400;
        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        TestSemaphore answered;
        QList<QThread *> callers;
        for (int t = 0; t < threads; ++t) {
            callers << QThread::create([&, t] {
                // Each caller pipelines writes to its own actors and waits for none of them.
                for (int i = 0; i < perThread; ++i) {
                    WriteBatch batch;
                    batch.putState("banner", QStringLiteral("%1-%2").arg(t).arg(i % 20), i / 20, QByteArray::number(i));
                    batch.appendEvent(t, i + 1, "queued", "{}", i);
                    store.submit(std::move(batch), [&](WriteResult r) {
                        ++(r.ok() ? ok : failed);
                        answered.release();
                    });
                }
            });
            callers.last()->start();
        }
        for (QThread *caller : callers) {
            QVERIFY(caller->wait(60'000));
            delete caller;
        }
        QVERIFY(answered.tryAcquire(threads * perThread, 120'000));
        QCOMPARE(failed.load(), 0);
        QCOMPARE(ok.load(), threads * perThread);
        const StoreCounters counters = store.counters();
        QCOMPARE(counters.batches, quint64(threads * perThread));
        qInfo() << counters.batches << "batches in" << counters.transactions << "transactions";
        QVERIFY(counters.transactions < counters.batches / 4);
        // Per caller, the events are in submission order in the global log.
        const auto events = store.eventsSince(0, threads * perThread + 1);
        QCOMPARE(events->size(), threads * perThread);
        QHash<qint64, qint64> lastSeqOfBanner;
        for (const EventRecord &e : *events) {
            QCOMPARE(e.bannerSeq, lastSeqOfBanner.value(e.bannerId) + 1);
            lastSeqOfBanner[e.bannerId] = e.bannerSeq;
        }
    }

    void aThrowingCallbackHarmsNoOtherCaller()
    {
        // Callbacks run on the completer thread: one that throws used to end the process there.
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        TestSemaphore answered;
        std::atomic<int> ok{0};
        WriterGate gate;
        gate.close(store); // the three batches below commit as one group
        store.submit(WriteBatch().appendEvent(1, 1, "e", "{}", 1), [&](WriteResult r) {
            ok += r.ok() ? 1 : 0;
            answered.release();
        });
        store.submit(WriteBatch().appendEvent(1, 2, "e", "{}", 2), [&](WriteResult) {
            answered.release();
            throw std::runtime_error("a subscriber failed");
        });
        store.submit(WriteBatch().appendEvent(1, 3, "e", "{}", 3), [&](WriteResult r) {
            ok += r.ok() ? 1 : 0;
            answered.release();
        });
        QTest::ignoreMessage(QtCriticalMsg, "a write callback threw: a subscriber failed");
        gate.open();
        QVERIFY(answered.tryAcquire(3, 60'000));
        QCOMPARE(ok.load(), 2);
        // The store goes on answering.
        QVERIFY(store.write(WriteBatch().appendEvent(1, 4, "e", "{}", 4)).ok());
    }

    void groupSizeOneMeansOneTransactionPerBatch()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        StoreOptions options;
        options.maxGroupSize = 1;
        Store store(options);
        QVERIFY(!store.open(db.location()).isError());
        TestSemaphore answered;
        for (int i = 0; i < 50; ++i)
            store.submit(WriteBatch().appendEvent(1, i + 1, "e", "{}", i), [&](WriteResult) { answered.release(); });
        QVERIFY(answered.tryAcquire(50, 60'000));
        QCOMPARE(store.counters().transactions, 50u);
    }

    void conflictFailsOnlyItsBatch()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        QVERIFY(store.write(WriteBatch().putState("banner", "x", 0, "v1")).ok());
        const quint64 transactionsBefore = store.counters().transactions;

        WriterGate gate;
        gate.close(store);
        QList<WriteResult> results(5);
        TestSemaphore answered;
        auto collect = [&](int i) {
            return [&, i](WriteResult r) {
                results[i] = std::move(r);
                answered.release();
            };
        };
        store.submit(WriteBatch().putState("banner", "a", 0, "a").appendEvent(10, 1, "a", "{}", 1), collect(0));
        // A stale version: found at the first statement, before anything was written.
        store.submit(WriteBatch().putState("banner", "x", 0, "stale").appendEvent(11, 1, "x", "{}", 1), collect(1));
        store.submit(WriteBatch().putState("banner", "b", 0, "b").appendEvent(10, 2, "b", "{}", 2), collect(2));
        // The state write succeeds, then the event collides: the group is redone with savepoints.
        store.submit(WriteBatch().putState("banner", "c", 0, "c").appendEvent(10, 1, "dup", "{}", 3), collect(3));
        store.submit(WriteBatch().putState("banner", "d", 0, "d").appendEvent(10, 3, "d", "{}", 4), collect(4));
        gate.open();
        QVERIFY(answered.tryAcquire(5, 60'000));

        QVERIFY2(results[0].ok(), qPrintable(results[0].error.message()));
        QCOMPARE(results[1].error.code(), StoreError::Code::Conflict);
        QVERIFY2(results[2].ok(), qPrintable(results[2].error.message()));
        QCOMPARE(results[3].error.code(), StoreError::Code::Conflict);
        QVERIFY2(results[3].error.message().contains("event 1 of banner 10"), qPrintable(results[3].error.message()));
        QVERIFY2(results[4].ok(), qPrintable(results[4].error.message()));

        // The gate's own batch plus the five in one group: two transactions.
        QCOMPARE(store.counters().transactions, transactionsBefore + 2);
        QCOMPARE(store.counters().retriedGroups, 1u);
        QCOMPARE(store.loadState("banner", "a")->version, 1);
        QCOMPARE(store.loadState("banner", "x")->payload, QByteArray("v1"));
        QCOMPARE(store.loadState("banner", "c")->version, 0);
        QCOMPARE(store.loadState("banner", "d")->version, 1);
        const auto events = store.eventsSince(0, 100);
        QCOMPARE(events->size(), 3);
        QCOMPARE(events->at(0).type, QStringLiteral("a"));
        QCOMPARE(events->at(1).type, QStringLiteral("b"));
        QCOMPARE(events->at(2).type, QStringLiteral("d"));
        // The answers carry exactly the committed events and their sequence numbers.
        QCOMPARE(results[4].events.at(0).globalSeq, events->at(2).globalSeq);
        QVERIFY(results[3].events.isEmpty());
    }

    void callerIsAnsweredAfterCommit()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        // Inside the callback, another connection already sees the write: it was committed first.
        std::atomic<qint64> seenVersion{-1};
        TestSemaphore answered;
        QThread *reader = nullptr;
        store.submit(WriteBatch().putState("banner", "z", 0, "z"), [&](WriteResult) {
            reader = QThread::create([&] { seenVersion = store.loadState("banner", "z")->version; });
            reader->start();
            reader->wait();
            answered.release();
        });
        QVERIFY(answered.tryAcquire(1, 60'000));
        delete reader;
        QCOMPARE(seenVersion.load(), 1);
    }

    void writerGoesOnWhileCallersAreAnswered()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        // The first caller's answer is held; the next batch still commits (another connection
        // sees it), and its caller is answered after the first, in commit order.
        TestSemaphore inFirst;
        TestSemaphore releaseFirst;
        TestSemaphore answered;
        QList<int> order;
        store.submit(WriteBatch().putState("banner", "p", 0, "p"), [&](WriteResult) {
            inFirst.release();
            releaseFirst.acquire();
            order << 1;
            answered.release();
        });
        QVERIFY(inFirst.tryAcquire(1, 60'000));
        store.submit(WriteBatch().putState("banner", "q", 0, "q"), [&](WriteResult r) {
            QVERIFY(r.ok());
            order << 2;
            answered.release();
        });
        bool committed = false;
        for (int i = 0; i < 600 && !committed; ++i) {
            committed = store.loadState("banner", "q")->version == 1;
            if (!committed)
                QThread::msleep(100);
        }
        store.releaseThreadConnection();
        releaseFirst.release();
        QVERIFY(committed);
        QVERIFY(answered.tryAcquire(2, 60'000));
        QCOMPARE(order, QList<int>({1, 2}));
    }

    void logIsCheckpointedBesideTheWriter()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        if (db.isPostgres())
            QSKIP("PostgreSQL has no write-ahead log of ours to checkpoint");
        StoreOptions options;
        options.checkpointIntervalMs = 20;
        Store store(options);
        QVERIFY(!store.open(db.location()).isError());
        // 400 commits of ~3 log pages each: ~5 MB of log if nothing copied it back before the
        // writer's own checkpoint (at 128 MB). The writer pauses now and then, as a real one does;
        // copied back meanwhile, the log starts over at the next commit and stays a fraction of that.
        for (int i = 0; i < 400; ++i) {
            QVERIFY(store.write(WriteBatch().putState("banner", "w", i, QByteArray(8000, char('a' + i % 26)))).ok());
            if (i % 20 == 19)
                QThread::msleep(100);
        }
        QVERIFY(store.counters().checkpoints > 0);
        const QFileInfo wal(db.url().filePath() + QStringLiteral("-wal"));
        QVERIFY2(wal.size() < 1'500'000, qPrintable(QStringLiteral("log of %1 bytes").arg(wal.size())));
        QCOMPARE(store.loadState("banner", "w")->version, 400);
    }

    void writeFromCallbackIsRefused()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        TestSemaphore answered;
        StoreError inner;
        store.submit(WriteBatch().putState("t", "1", 0, "x"), [&](WriteResult) {
            inner = store.write(WriteBatch().putState("t", "2", 0, "x")).error;
            answered.release();
        });
        QVERIFY(answered.tryAcquire(1, 60'000));
        QCOMPARE(inner.code(), StoreError::Code::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestGroupCommitter)
#include "tst_groupcommitter.moc"
