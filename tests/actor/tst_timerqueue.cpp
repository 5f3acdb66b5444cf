#include "TimerQueue.h"

#include <QtTest>

using namespace airdisplay;

class tst_TimerQueue : public QObject
{
    Q_OBJECT

private slots:
    void firesInDueOrder()
    {
        TimerQueue q;
        QList<int> fired;
        q.add(30, 0, [&] { fired << 30; });
        q.add(10, 0, [&] { fired << 10; });
        q.add(20, 0, [&] { fired << 20; });
        QCOMPARE(q.nextDue(), 10);
        QCOMPARE(q.runDue(5), 0);
        QCOMPARE(q.runDue(25), 2);
        QCOMPARE(fired, (QList<int>{10, 20}));
        QCOMPARE(q.runDue(100), 1);
        QCOMPARE(fired, (QList<int>{10, 20, 30}));
        QCOMPARE(q.nextDue(), -1);
        QCOMPARE(q.size(), 0);
    }

    void cancelledNeverFires()
    {
        TimerQueue q;
        int fired = 0;
        const TimerId a = q.add(10, 0, [&] { ++fired; });
        q.add(20, 0, [&] { fired += 10; });
        QVERIFY(q.cancel(a));
        QVERIFY(!q.cancel(a));
        QCOMPARE(q.nextDue(), 20);
        q.runDue(100);
        QCOMPARE(fired, 10);
    }

    void periodicRearmsAndCanCancelItself()
    {
        TimerQueue q;
        int fired = 0;
        TimerId id = 0;
        id = q.add(10, 10, [&] {
            if (++fired == 3)
                q.cancel(id);
        });
        q.runDue(10);
        QCOMPARE(q.nextDue(), 20);
        q.runDue(20);
        q.runDue(30);
        QCOMPARE(fired, 3);
        QVERIFY(!q.contains(id));
        q.runDue(1000);
        QCOMPARE(fired, 3);
    }

    void callbackMayAddTimers()
    {
        TimerQueue q;
        QList<int> fired;
        q.add(10, 0, [&] {
            fired << 1;
            q.add(10, 0, [&] { fired << 2; }); // already due: runs in the same pass
        });
        q.runDue(10);
        QCOMPARE(fired, (QList<int>{1, 2}));
    }
};

QTEST_GUILESS_MAIN(tst_TimerQueue)
#include "tst_timerqueue.moc"
