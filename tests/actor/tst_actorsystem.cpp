#include "ActorErrors.h"
#include "ActorSystem.h"

#include <QtTest>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace airdisplay;
using namespace std::chrono_literals;

namespace {

// What the test actors report to the test, shared across their activations.
struct Probe
{
    std::atomic<int> activations{0};
    std::atomic<int> deactivations{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> orderViolations{0};
    std::atomic<long long> handled{0};
    std::atomic<int> lastSavedCount{-1};
    std::mutex mutex;
    std::multiset<ActorId> activatedIds;
};

class ProbeActor : public Actor
{
public:
    explicit ProbeActor(Probe *probe) : m_probe(probe) {}

    void onActivate() override
    {
        m_probe->activations.fetch_add(1);
        std::lock_guard lock(m_probe->mutex);
        m_probe->activatedIds.insert(id());
    }
    void onDeactivate() override
    {
        m_probe->lastSavedCount.store(count);
        m_probe->deactivations.fetch_add(1);
    }
    bool canDeactivate() const override { return !pinned; }

    // A turn that checks no other turn of this actor runs at the same time. `count` is a plain
    // int: overlapping turns would also lose increments.
    void exclusiveTurn()
    {
        if (m_inTurn.fetch_add(1, std::memory_order_acq_rel) != 0)
            m_probe->overlaps.fetch_add(1);
        for (int i = 0; i < 50; ++i)
            spin = spin * 31 + i;
        ++count;
        m_inTurn.fetch_sub(1, std::memory_order_acq_rel);
        m_probe->handled.fetch_add(1, std::memory_order_relaxed);
    }

    void ordered(int sender, int seq)
    {
        if (int(lastSeq.size()) <= sender)
            lastSeq.resize(sender + 1, -1);
        if (lastSeq[sender] + 1 != seq)
            m_probe->orderViolations.fetch_add(1);
        lastSeq[sender] = seq;
        m_probe->handled.fetch_add(1, std::memory_order_relaxed);
    }

    using Actor::cancelActorTimer;
    using Actor::requestDeactivation;
    using Actor::startActorTimer;

    int count = 0;
    bool pinned = false;
    unsigned spin = 1;
    std::vector<int> lastSeq;

private:
    Probe *m_probe;
    std::atomic<int> m_inTurn{0};
};

ActorSystemConfig config(int workers = 2, std::chrono::milliseconds idleAge = 0ms)
{
    ActorSystemConfig c;
    c.workers = workers;
    c.idleAge = idleAge;
    return c;
}

} // namespace

class tst_ActorSystem : public QObject
{
    Q_OBJECT

private slots:
    void tellAndAsk()
    {
        Probe probe;
        ActorSystem system(config());
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        auto ref = type.ref(7);
        ref.tell([](ProbeActor &a) { a.count += 5; });
        QFuture<int> f = ref.ask([](ProbeActor &a) { return a.count + int(a.id()); });
        QCOMPARE(f.result(), 12);
        QCOMPARE(probe.activations.load(), 1);
        // ref<T>(id) through the C++ type reaches the same actor.
        QCOMPARE(system.ref<ProbeActor>(7).ask([](ProbeActor &a) { return a.count; }).result(), 5);
    }

    void turnsNeverOverlapUnderContention()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        constexpr int Producers = 8;
        constexpr int PerProducer = 20'000;
        constexpr int Actors = 4;
        std::vector<std::thread> producers;
        for (int p = 0; p < Producers; ++p) {
            producers.emplace_back([&, p] {
                for (int i = 0; i < PerProducer; ++i)
                    type.ref((i + p) % Actors).tell([](ProbeActor &a) { a.exclusiveTurn(); });
            });
        }
        for (auto &t : producers)
            t.join();
        QTRY_COMPARE_WITH_TIMEOUT(probe.handled.load(), (long long)Producers * PerProducer, 60000);
        QCOMPARE(probe.overlaps.load(), 0);
        int total = 0;
        for (int a = 0; a < Actors; ++a)
            total += type.ref(a).ask([](ProbeActor &actor) { return actor.count; }).result();
        QCOMPARE(total, Producers * PerProducer);
        QCOMPARE(system.metrics().activations, quint64(Actors));
    }

    void activationHappensOnceUnderRaces()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        constexpr int Threads = 8;
        constexpr int Ids = 2000;
        std::atomic<bool> go{false};
        std::vector<std::thread> threads;
        for (int t = 0; t < Threads; ++t) {
            threads.emplace_back([&] {
                while (!go.load())
                    std::this_thread::yield();
                for (int id = 0; id < Ids; ++id)
                    type.ref(1'000'000 + id).tell([](ProbeActor &a) { ++a.count; });
            });
        }
        go.store(true);
        for (auto &t : threads)
            t.join();
        QTRY_COMPARE_WITH_TIMEOUT(system.metrics().messagesHandled, quint64(Threads * Ids), 30000);
        QCOMPARE(probe.activations.load(), Ids);
        {
            std::lock_guard lock(probe.mutex);
            QCOMPARE(int(probe.activatedIds.size()), Ids);
            for (int id = 0; id < Ids; ++id)
                QCOMPARE(int(probe.activatedIds.count(1'000'000 + id)), 1);
        }
        QCOMPARE(system.metrics().residentActors, quint64(Ids));
        QCOMPARE(type.ref(1'000'000).ask([](ProbeActor &a) { return a.count; }).result(), Threads);
    }

    void messagesFromOneSenderArriveInOrder()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        constexpr int Senders = 4;
        constexpr int PerSender = 25'000;
        std::vector<std::thread> senders;
        for (int s = 0; s < Senders; ++s) {
            senders.emplace_back([&, s] {
                for (int i = 0; i < PerSender; ++i)
                    type.ref(i % 3).tell([s, seq = i / 3](ProbeActor &a) { a.ordered(s, seq); });
            });
        }
        for (auto &t : senders)
            t.join();
        QTRY_COMPARE_WITH_TIMEOUT(probe.handled.load(), (long long)Senders * PerSender, 60000);
        QCOMPARE(probe.orderViolations.load(), 0);
    }

    void idleActorsDeactivateAndComeBack()
    {
        Probe probe;
        ActorSystem system(config(1, 100ms));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        type.ref(1).tell([](ProbeActor &a) { a.count = 42; });
        type.ref(2).tell([](ProbeActor &a) { a.pinned = true; }); // vetoes deactivation
        QTRY_COMPARE_WITH_TIMEOUT(probe.deactivations.load(), 1, 5000);
        QCOMPARE(probe.lastSavedCount.load(), 42); // onDeactivate saw the state
        QCOMPARE(system.metrics().residentActors, 1u);
        QCOMPARE(system.metrics().deactivations, 1u);
        // A later message activates a fresh instance.
        QCOMPARE(type.ref(1).ask([](ProbeActor &a) { return a.count; }).result(), 0);
        QCOMPARE(probe.activations.load(), 3);
        // The pinned one stayed resident with its state.
        QCOMPARE(type.ref(2).ask([](ProbeActor &a) { return a.pinned; }).result(), true);
    }

    void requestedDeactivationRunsTheHook()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        type.ref(5).ask([](ProbeActor &a) { a.count = 9; a.requestDeactivation(); }).waitForFinished();
        QTRY_COMPARE(probe.deactivations.load(), 1); // right after the turn that asked for it
        QCOMPARE(probe.lastSavedCount.load(), 9);
        QCOMPARE(system.metrics().residentActors, 0u);
    }

    void timersFireOnTheActorAndCanBeCancelled()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::atomic<int> fired{0};
        std::atomic<int> cancelledFired{0};
        std::atomic<bool> onActorThread{false};
        std::atomic<int> periodic{0};
        type.ref(1).tell([&](ProbeActor &a) {
            QThread *actorThread = a.thread();
            a.startActorTimer(30ms, [&, &actor = a, actorThread] {
                onActorThread = QThread::currentThread() == actorThread;
                ++actor.count;
                ++fired;
            });
            const TimerId doomed = a.startActorTimer(40ms, [&] { ++cancelledFired; });
            a.cancelActorTimer(doomed);
            auto id = std::make_shared<TimerId>();
            *id = a.startActorTimer(10ms, [&, &actor = a, id] {
                if (++periodic == 3)
                    actor.cancelActorTimer(*id);
            }, 10ms);
        });
        QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 1, 5000);
        QVERIFY(onActorThread.load());
        QTRY_COMPARE_WITH_TIMEOUT(periodic.load(), 3, 5000);
        QTest::qWait(150);
        QCOMPARE(cancelledFired.load(), 0);
        QCOMPARE(periodic.load(), 3);
        QCOMPARE(type.ref(1).ask([](ProbeActor &a) { return a.count; }).result(), 1);
        QCOMPARE(system.metrics().timersPending, 0u);
    }

    void timersDieWithTheirActivation()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::atomic<int> fired{0};
        type.ref(3).ask([&](ProbeActor &a) {
            a.startActorTimer(50ms, [&] { ++fired; });
            a.requestDeactivation();
        }).waitForFinished();
        type.ref(3).tell([](ProbeActor &) {}); // a new activation of the same id
        QTest::qWait(200);
        QCOMPARE(fired.load(), 0);
    }

    void aThrowingHandlerResetsOnlyItsActor()
    {
        Probe probe;
        ActorSystem system(config(1)); // one worker: the neighbour shares the thread
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        type.ref(1).tell([](ProbeActor &a) { a.count = 10; });
        type.ref(2).tell([](ProbeActor &a) { a.count = 20; });
        QFuture<int> bad = type.ref(1).ask([](ProbeActor &a) -> int {
            a.count = 11;
            throw std::runtime_error("banner exploded");
        });
        bool caught = false;
        try {
            bad.result();
        } catch (const HandlerError &e) {
            caught = true;
            QCOMPARE(e.message(), QStringLiteral("banner exploded"));
        }
        QVERIFY(caught);
        // The actor was reset (fresh state, no onDeactivate save), its neighbour untouched.
        QCOMPARE(type.ref(1).ask([](ProbeActor &a) { return a.count; }).result(), 0);
        QCOMPARE(type.ref(2).ask([](ProbeActor &a) { return a.count; }).result(), 20);
        QCOMPARE(probe.deactivations.load(), 0);
        QCOMPARE(system.metrics().resets, 1u);
        // A throwing tell and a throwing timer are survived too.
        type.ref(2).tell([](ProbeActor &) { throw 42; });
        type.ref(2).tell([](ProbeActor &a) { a.startActorTimer(1ms, [] { throw std::logic_error("timer"); }); });
        QTRY_COMPARE_WITH_TIMEOUT(system.metrics().resets, 3u, 5000);
        QCOMPARE(type.ref(2).ask([](ProbeActor &a) { return a.count; }).result(), 0);
    }

    void askAnswersOnTheAskersThread()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        QObject context;
        QThread *answeredOn = nullptr;
        int answer = 0;
        type.ref(9).ask([](ProbeActor &a) { return int(a.id()) * 2; }).then(&context, [&](int v) {
            answeredOn = QThread::currentThread();
            answer = v;
        });
        QTRY_COMPARE(answer, 18);
        QCOMPARE(answeredOn, QThread::currentThread());
    }

    void askTimesOut()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        QElapsedTimer clock;
        clock.start();
        QFuture<int> slow = type.ref(1).ask([](ProbeActor &) { QThread::msleep(400); return 1; }, 50ms);
        bool timedOut = false;
        try {
            slow.result();
        } catch (const AskTimeoutError &) {
            timedOut = true;
        }
        QVERIFY(timedOut);
        QVERIFY2(clock.elapsed() < 350, "the timeout fired while the worker was still busy");
    }

    void askMayAnswerLater()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::atomic<QPromise<QString> *> pending{nullptr};
        QFuture<QString> answer = type.ref(1).ask([&](ProbeActor &) {
            auto *promise = new QPromise<QString>();
            promise->start();
            pending = promise;
            return promise->future();
        });
        QTRY_VERIFY(pending.load() != nullptr);
        QTest::qWait(20);
        QVERIFY(!answer.isFinished());
        pending.load()->addResult(QStringLiteral("committed"));
        pending.load()->finish();
        QCOMPARE(answer.result(), QStringLiteral("committed"));
        delete pending.load();
    }

    void shutdownDrainsPendingMessages()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        for (int i = 0; i < 400; ++i)
            type.ref(i % 20).tell([](ProbeActor &a) { QThread::usleep(500); a.exclusiveTurn(); });
        const ShutdownReport report = system.shutdown(30s);
        QVERIFY(report.drained);
        QCOMPARE(report.dropped, 0u);
        QCOMPARE(probe.handled.load(), 400);
        QCOMPARE(probe.deactivations.load(), 20); // every actor saved on the way out
        // After shutdown, messages fail instead of vanishing.
        bool refused = false;
        try {
            type.ref(1).ask([](ProbeActor &a) { return a.count; }).result();
        } catch (const ShutdownError &) {
            refused = true;
        }
        QVERIFY(refused);
    }

    void shutdownGivesUpAtItsDeadline()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::vector<QFuture<void>> asks;
        for (int i = 0; i < 100; ++i)
            asks.push_back(type.ref(1).ask([](ProbeActor &a) { QThread::msleep(10); a.exclusiveTurn(); }, 0ms));
        const ShutdownReport report = system.shutdown(100ms);
        QVERIFY(!report.drained);
        QVERIFY(report.dropped > 0);
        QCOMPARE(probe.handled.load() + (long long)report.dropped, 100);
        int failed = 0;
        for (auto &f : asks) {
            try {
                f.waitForFinished();
            } catch (const ShutdownError &) {
                ++failed;
            }
        }
        QCOMPARE(quint64(failed), report.dropped);
        QCOMPARE(probe.deactivations.load(), 1);
    }

    void metricsAreReadableFromAnyThread()
    {
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::atomic<bool> stop{false};
        std::atomic<bool> sane{true};
        std::thread reader([&] {
            while (!stop.load()) {
                const ActorMetrics m = system.metrics();
                if (m.residentActors > 1000 || m.activations > 1000)
                    sane = false;
            }
        });
        for (int i = 0; i < 10'000; ++i)
            type.ref(i % 1000).tell([](ProbeActor &a) { ++a.count; });
        QTRY_COMPARE_WITH_TIMEOUT(system.metrics().messagesHandled, 10'000u, 30000);
        stop = true;
        reader.join();
        QVERIFY(sane.load());
        const ActorMetrics m = system.metrics();
        QCOMPARE(m.residentActors, 1000u);
        QCOMPARE(m.activations, 1000u);
        QCOMPARE(m.mailboxDepth, 0u);
        QCOMPARE(m.turns(), 10'000u);
        QVERIFY(m.turnTimeQuantileNs(0.5) > 0);
        QVERIFY(m.turnTimeQuantileNs(0.99) >= m.turnTimeQuantileNs(0.5));
    }
};

QTEST_GUILESS_MAIN(tst_ActorSystem)
#include "tst_actorsystem.moc"
