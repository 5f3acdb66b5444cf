#include "ServiceThread.h"

#include <QtTest>

#include <atomic>
#include <future>

using namespace airdisplay;

// The engine's one service-thread contract: start once, passes on the period (and at start if
// asked), stop() wakes and joins however long the period, and is idempotent.
class tst_ServiceThread : public QObject
{
    Q_OBJECT

private slots:
    void periodicPassesAndAPromptStop()
    {
        std::atomic<int> passes{0};
        std::promise<void> twice;
        ServiceThread thread(QStringLiteral("test-periodic"));
        QVERIFY(thread.startPeriodic(std::chrono::milliseconds(5), true, [&] {
            if (++passes == 2)
                twice.set_value();
        }));
        QVERIFY(thread.isRunning());
        QVERIFY(!thread.startPeriodic(std::chrono::milliseconds(5), true, [] {})); // one loop at a time
        QCOMPARE(twice.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
        thread.stop();
        QVERIFY(!thread.isRunning());
        const int afterStop = passes.load();
        thread.stop(); // idempotent
        QCOMPARE(passes.load(), afterStop);
    }

    void stopDoesNotWaitForThePeriod()
    {
        std::atomic<int> passes{0};
        ServiceThread thread(QStringLiteral("test-hourly"));
        // No pass at start and a period of an hour: only stop() can end the wait.
        QVERIFY(thread.startPeriodic(std::chrono::hours(1), false, [&] { ++passes; }));
        QElapsedTimer timer;
        timer.start();
        thread.stop();
        QVERIFY2(timer.elapsed() < 60'000, "stop() waited for the period");
        QCOMPARE(passes.load(), 0);
    }

    void aLoopWaitingElsewhereIsInterrupted()
    {
        std::mutex mutex;
        std::condition_variable queue;
        bool closed = false;
        std::atomic<bool> onItsThread{false};
        ServiceThread thread(QStringLiteral("test-queue"));
        QVERIFY(thread.start([&] {
            onItsThread = thread.isCurrentThread();
            std::unique_lock lock(mutex);
            queue.wait(lock, [&] { return closed; });
        }));
        QVERIFY(!thread.isCurrentThread());
        thread.stop([&] {
            std::lock_guard lock(mutex);
            closed = true;
            queue.notify_all();
        });
        QVERIFY(onItsThread.load());
        QVERIFY(!thread.isRunning());
    }

    void restartsAfterAStop()
    {
        std::promise<bool> ran;
        ServiceThread thread(QStringLiteral("test-restart"));
        QVERIFY(thread.start([] {}));
        thread.stop();
        QVERIFY(thread.start([&] {
            std::unique_lock lock(thread.mutex());
            ran.set_value(thread.stopping());
        }));
        std::future<bool> stopping = ran.get_future();
        QCOMPARE(stopping.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        QVERIFY2(!stopping.get(), "the flag of the last stop was cleared");
        thread.stop();
    }
};

QTEST_GUILESS_MAIN(tst_ServiceThread)
#include "tst_servicethread.moc"
