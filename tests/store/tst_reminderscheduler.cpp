#include "ReminderScheduler.h"
#include "Store.h"
#include "TestDatabase.h"

#include <QMutex>
#include <QTest>

#include <atomic>

using namespace airdisplay;

// Durable reminders: fired when due from a moving window, never deleted by firing, and fired once,
// at once, when overdue after a restart. The clock is injected; no test waits for real time to pass
// beyond the scheduler's reaction time.
class TestReminderScheduler : public QObject
{
    Q_OBJECT

private:
    // Collects fires from the scheduler thread.
    struct Fires
    {
        QMutex mutex;
        QList<Reminder> list;

        ReminderScheduler::FireCallback callback()
        {
            return [this](const Reminder &r) {
                QMutexLocker locker(&mutex);
                list << r;
            };
        }
        int count()
        {
            QMutexLocker locker(&mutex);
            return int(list.size());
        }
        QStringList names()
        {
            QMutexLocker locker(&mutex);
            QStringList names;
            for (const Reminder &r : list)
                names << r.name;
            return names;
        }
    };

    static Reminder reminder(const QString &actor, const QString &name, qint64 dueMs, const QByteArray &payload = {})
    {
        return {QStringLiteral("banner"), actor, name, dueMs, 0, payload};
    }

    static ReminderScheduler::Options options(std::atomic<qint64> &clock, qint64 windowMs = 60'000, int pageSize = 4096)
    {
        ReminderScheduler::Options o;
        o.windowMs = windowMs;
        o.pageSize = pageSize;
        o.clock = [&clock] { return clock.load(); };
        return o;
    }

    // Lets the scheduler run a few rounds, for checks that something does NOT happen.
    static void settle(ReminderScheduler &scheduler)
    {
        for (int i = 0; i < 3; ++i) {
            scheduler.wake();
            QTest::qWait(50);
        }
    }

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void firesWhenDueAndNotBefore()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        WriteBatch batch;
        batch.upsertReminder(reminder("1", "expiry", 1000, "message 41"));
        batch.upsertReminder(reminder("2", "expiry", 2000));
        batch.upsertReminder({"queue", "1", "tick", 5000, 250, "p"});
        QVERIFY(store.write(batch).ok());

        std::atomic<qint64> now{0};
        Fires fires;
        ReminderScheduler scheduler(store, fires.callback(), options(now));
        QVERIFY(!scheduler.start().isError());
        settle(scheduler);
        QCOMPARE(fires.count(), 0);

        now = 1500;
        scheduler.wake();
        QTRY_COMPARE(fires.count(), 1);
        {
            QMutexLocker locker(&fires.mutex);
            const Reminder &r = fires.list[0];
            QCOMPARE(r.actorType, QStringLiteral("banner"));
            QCOMPARE(r.actorId, QStringLiteral("1"));
            QCOMPARE(r.name, QStringLiteral("expiry"));
            QCOMPARE(r.dueMs, 1000);
            QCOMPARE(r.payload, QByteArray("message 41"));
        }
        now = 10'000;
        scheduler.wake();
        QTRY_COMPARE(fires.count(), 3);
        QCOMPARE(fires.list[2].periodMs, 250);
        QCOMPARE(scheduler.firedCount(), 3u);
    }

    void firingNeitherDeletesNorRepeats()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        QVERIFY(store.write(WriteBatch().upsertReminder(reminder("1", "expiry", 100))).ok());
        std::atomic<qint64> now{1000};
        Fires fires;
        ReminderScheduler scheduler(store, fires.callback(), options(now));
        QVERIFY(!scheduler.start().isError());
        QTRY_COMPARE(fires.count(), 1);
        settle(scheduler);
        QCOMPARE(fires.count(), 1);
        QCOMPARE(*store.reminderCount(), 1);

        // The owner acknowledges by deleting it in its next batch.
        QVERIFY(store.write(WriteBatch().removeReminder("banner", "1", "expiry")).ok());
        QCOMPARE(*store.reminderCount(), 0);
        settle(scheduler);
        QCOMPARE(fires.count(), 1);
    }

    void rescheduleAndDeleteInsideTheWindow()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        QVERIFY(store.write(WriteBatch()
                                    .upsertReminder(reminder("1", "a", 5000))
                                    .upsertReminder(reminder("2", "b", 6000))
                                    .upsertReminder(reminder("3", "c", 7000)))
                        .ok());
        std::atomic<qint64> now{0};
        Fires fires;
        ReminderScheduler scheduler(store, fires.callback(), options(now, 60'000));
        QVERIFY(!scheduler.start().isError());
        QTRY_COMPARE(scheduler.loadedCount(), 3);

        // Changes committed after the window was loaded reach the scheduler without a re-read.
        QVERIFY(store.write(WriteBatch()
                                    .upsertReminder(reminder("1", "a", 9000))   // later
                                    .removeReminder("banner", "2", "b")         // gone
                                    .upsertReminder(reminder("4", "d", 3000))) // new, inside the window
                        .ok());
        now = 8000;
        scheduler.wake();
        QTRY_COMPARE(fires.count(), 2);
        QCOMPARE(fires.names(), (QStringList{"d", "c"}));
        now = 9000;
        scheduler.wake();
        QTRY_COMPARE(fires.count(), 3);
        QCOMPARE(fires.names().constLast(), QStringLiteral("a"));
        settle(scheduler);
        QCOMPARE(fires.count(), 3);

        // A fired reminder that its owner reschedules fires again at the new time.
        QVERIFY(store.write(WriteBatch().upsertReminder(reminder("1", "a", 9500))).ok());
        settle(scheduler);
        QCOMPARE(fires.count(), 3);
        now = 9500;
        scheduler.wake();
        QTRY_COMPARE(fires.count(), 4);
    }

    void overdueAfterRestartFiresOnceAtOnce()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        std::atomic<qint64> now{1000};
        {
            Store store;
            QVERIFY(!store.open(db.location()).isError());
            QVERIFY(store.write(WriteBatch()
                                        .upsertReminder(reminder("1", "expiry", 2000))
                                        .upsertReminder(reminder("2", "expiry", 900'000)))
                            .ok());
            Fires fires;
            ReminderScheduler scheduler(store, fires.callback(), options(now));
            QVERIFY(!scheduler.start().isError());
            settle(scheduler);
            QCOMPARE(fires.count(), 0);
            scheduler.stop();
        }
        // "Down" while the first fell due.
        now = 120'000;
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        Fires fires;
        ReminderScheduler scheduler(store, fires.callback(), options(now));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!scheduler.start().isError());
        QTRY_COMPARE(fires.count(), 1);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        settle(scheduler);
        QCOMPARE(fires.count(), 1);
        QCOMPARE(fires.list[0].dueMs, 2000);
        // It is still there until its owner handles it, so another crash would fire it again.
        QCOMPARE(store.loadReminders("banner", "1")->size(), 1);
    }

    void movingWindowHoldsOnlyAFewPages()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        const int total = 5000;
        WriteBatch batch;
        // Due every 10 ms over 50 s; the window is 1 s, a page 50 reminders.
        for (int i = 0; i < total; ++i)
            batch.upsertReminder(reminder(QString::number(i % 97), QStringLiteral("r%1").arg(i), 10'000 + i * 10));
        QVERIFY(store.write(batch).ok());

        std::atomic<qint64> now{0};
        std::atomic<qint64> lastDue{0};
        std::atomic<int> outOfOrder{0};
        std::atomic<int> early{0};
        ReminderScheduler scheduler(
                store,
                [&](const Reminder &r) {
                    if (r.dueMs < lastDue)
                        ++outOfOrder;
                    if (r.dueMs > now)
                        ++early;
                    lastDue = r.dueMs;
                },
                options(now, 1000, 50));
        QVERIFY(!scheduler.start().isError());
        int maxLoaded = 0;
        for (qint64 t = 0; t <= 10'000 + total * 10; t += 500) {
            now = t;
            scheduler.wake();
            const quint64 expected = t < 10'000 ? 0 : std::min<quint64>(total, (t - 10'000) / 10 + 1);
            QTRY_COMPARE(scheduler.firedCount(), expected);
            maxLoaded = std::max(maxLoaded, scheduler.loadedCount());
        }
        QCOMPARE(scheduler.firedCount(), quint64(total));
        QCOMPARE(outOfOrder.load(), 0);
        QCOMPARE(early.load(), 0);
        QVERIFY2(maxLoaded <= 4 * 50, qPrintable(QString::number(maxLoaded)));
    }

    void backlogIsPagedThrough()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        const int total = 3000;
        WriteBatch batch;
        for (int i = 0; i < total; ++i)
            batch.upsertReminder(reminder(QStringLiteral("a%1").arg(i % 7), QStringLiteral("n%1").arg(i), i % 500));
        QVERIFY(store.write(batch).ok());
        std::atomic<qint64> now{1'000'000};
        QMutex mutex;
        QSet<QString> seen;
        std::atomic<int> duplicates{0};
        ReminderScheduler scheduler(
                store,
                [&](const Reminder &r) {
                    QMutexLocker locker(&mutex);
                    const QString key = r.actorId + QLatin1Char('/') + r.name;
                    if (seen.contains(key))
                        ++duplicates;
                    seen.insert(key);
                },
                options(now, 60'000, 64));
        QVERIFY(!scheduler.start().isError());
        QTRY_COMPARE(scheduler.firedCount(), quint64(total));
        settle(scheduler);
        QCOMPARE(scheduler.firedCount(), quint64(total));
        QCOMPARE(duplicates.load(), 0);
    }

    void manyChangesInsideTheWindowStayBounded()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        Store store;
        QVERIFY(!store.open(db.location()).isError());
        std::atomic<qint64> now{0};
        std::atomic<int> fired{0};
        ReminderScheduler scheduler(store, [&](const Reminder &) { ++fired; }, options(now, 100'000, 20));
        QVERIFY(!scheduler.start().isError());
        QTRY_VERIFY(scheduler.loadedCount() == 0);
        settle(scheduler);
        // 1000 reminders land inside the already-loaded window: only a few pages stay in memory.
        WriteBatch batch;
        for (int i = 0; i < 1000; ++i)
            batch.upsertReminder(reminder(QString::number(i), "x", 1000 + i));
        QVERIFY(store.write(batch).ok());
        settle(scheduler);
        QVERIFY2(scheduler.loadedCount() <= 4 * 20, qPrintable(QString::number(scheduler.loadedCount())));
        now = 5000;
        scheduler.wake();
        QTRY_COMPARE(fired.load(), 1000);
        settle(scheduler);
        QCOMPARE(fired.load(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestReminderScheduler)
#include "tst_reminderscheduler.moc"
