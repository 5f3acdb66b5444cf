#include "ActorErrors.h"
#include "ActorSystem.h"
#include "AskTimeoutService.h"

#include <QtTest>

#include <atomic>
#include <mutex>
#include <optional>
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

// What an ask in these tests ends with: the handler's value, or the error the runtime failed it
// with (the ActorError class and its message).
template <typename T>
struct Outcome
{
    std::optional<T> value;
    QString error;
    QString message;
};

QString errorClass(const ActorError &e)
{
    if (dynamic_cast<const AskTimeoutError *>(&e))
        return QStringLiteral("AskTimeoutError");
    if (dynamic_cast<const ShutdownError *>(&e))
        return QStringLiteral("ShutdownError");
    if (dynamic_cast<const HandlerError *>(&e))
        return QStringLiteral("HandlerError");
    return QStringLiteral("ActorError");
}

template <typename ActorT, typename Fn>
auto ask(const ActorRef<ActorT> &ref, Fn fn, std::chrono::milliseconds timeout = -1ms)
{
    using R = std::invoke_result_t<Fn &, ActorT &>;
    return ref.ask([fn](ActorT &actor) mutable { return Outcome<R>{fn(actor), {}, {}}; },
                   [](const ActorError &e) { return Outcome<R>{std::nullopt, errorClass(e), e.message()}; },
                   timeout);
}

// The value an ask answered; a failure fails the test.
template <typename T>
T valueOf(const Reply<Outcome<T>> &reply)
{
    const Outcome<T> &outcome = reply.result();
    if (!outcome.value)
        qFatal("the ask failed: %s", qPrintable(outcome.error + QStringLiteral(": ") + outcome.message));
    return *outcome.value;
}

// A value that counts its live copies, to tell whether anything still holds an answer.
struct Counted
{
    static inline std::atomic<int> alive{0};
    Counted() { ++alive; }
    Counted(const Counted &) { ++alive; }
    Counted(Counted &&) noexcept { ++alive; }
    Counted &operator=(const Counted &) = default;
    Counted &operator=(Counted &&) noexcept = default;
    ~Counted() { --alive; }
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
        QCOMPARE(valueOf(ask(ref, [](ProbeActor &a) { return a.count + int(a.id()); })), 12);
        QCOMPARE(probe.activations.load(), 1);
        // ref<T>(id) through the C++ type reaches the same actor.
        QCOMPARE(valueOf(ask(system.ref<ProbeActor>(7), [](ProbeActor &a) { return a.count; })), 5);
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
            total += valueOf(ask(type.ref(a), [](ProbeActor &actor) { return actor.count; }));
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
        QCOMPARE(valueOf(ask(type.ref(1'000'000), [](ProbeActor &a) { return a.count; })), Threads);
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
        QCOMPARE(valueOf(ask(type.ref(1), [](ProbeActor &a) { return a.count; })), 0);
        QCOMPARE(probe.activations.load(), 3);
        // The pinned one stayed resident with its state.
        QCOMPARE(valueOf(ask(type.ref(2), [](ProbeActor &a) { return a.pinned; })), true);
    }

    void requestedDeactivationRunsTheHook()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        valueOf(ask(type.ref(5), [](ProbeActor &a) { a.count = 9; a.requestDeactivation(); return true; }));
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
        QCOMPARE(valueOf(ask(type.ref(1), [](ProbeActor &a) { return a.count; })), 1);
        QCOMPARE(system.metrics().timersPending, 0u);
    }

    void timersDieWithTheirActivation()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::atomic<int> fired{0};
        valueOf(ask(type.ref(3), [&](ProbeActor &a) {
            a.startActorTimer(50ms, [&] { ++fired; });
            a.requestDeactivation();
            return true;
        }));
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
        const auto bad = ask(type.ref(1), [](ProbeActor &a) -> int {
            a.count = 11;
            throw std::runtime_error("banner exploded");
        });
        QVERIFY(!bad.result().value);
        QCOMPARE(bad.result().error, QStringLiteral("HandlerError"));
        QCOMPARE(bad.result().message, QStringLiteral("banner exploded"));
        // The actor was reset (fresh state, no onDeactivate save), its neighbour untouched.
        QCOMPARE(valueOf(ask(type.ref(1), [](ProbeActor &a) { return a.count; })), 0);
        QCOMPARE(valueOf(ask(type.ref(2), [](ProbeActor &a) { return a.count; })), 20);
        QCOMPARE(probe.deactivations.load(), 0);
        QCOMPARE(system.metrics().resets, 1u);
        // A throwing tell and a throwing timer are survived too.
        type.ref(2).tell([](ProbeActor &) { throw 42; });
        type.ref(2).tell([](ProbeActor &a) { a.startActorTimer(1ms, [] { throw std::logic_error("timer"); }); });
        QTRY_COMPARE_WITH_TIMEOUT(system.metrics().resets, 3u, 5000);
        QCOMPARE(valueOf(ask(type.ref(2), [](ProbeActor &a) { return a.count; })), 0);
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
        ask(type.ref(9), [](ProbeActor &a) { return int(a.id()) * 2; }).then(&context, [&](const Outcome<int> &v) {
            answeredOn = QThread::currentThread();
            answer = v.value.value_or(-1);
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
        const auto slow = ask(type.ref(1), [](ProbeActor &) { QThread::msleep(400); return 1; }, 50ms);
        const bool timedOut = slow.result().error == QStringLiteral("AskTimeoutError");
        QVERIFY(timedOut);
        QVERIFY2(clock.elapsed() < 350, "the timeout fired while the worker was still busy");
    }

    void askMayAnswerLater()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::optional<Reply<QString>> pending;
        Reply<QString> answer = type.ref(1).request<QString>(
            [&](ProbeActor &, const Reply<QString> &reply) { pending = reply; },
            [](const ActorError &e) { return e.message(); });
        // The next turn of the same actor runs only after the asking turn has ended: the answer
        // would have been settled by then if the handler's return had settled it.
        QCOMPARE(valueOf(ask(type.ref(1), [](ProbeActor &a) { return a.count; })), 0);
        QVERIFY(pending.has_value());
        QVERIFY(!answer.isFinished());
        pending->settle(QStringLiteral("committed"));
        QCOMPARE(answer.result(), QStringLiteral("committed"));
        QVERIFY(!pending->settle(QStringLiteral("again"))); // settled once
        QCOMPARE(answer.result(), QStringLiteral("committed"));
    }

    void answeredAsksAreReleasedBeforeTheirTimeout()
    {
        // At tens of thousands of answers a second, holding every ask until its 30 s timeout had
        // passed held millions of them: an answered ask leaves the timeout queue at once.
        Probe probe;
        ActorSystem system(config(2));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        constexpr int Asks = 1000;
        constexpr int Actors = 10;
        {
            std::vector<Reply<Counted>> replies;
            for (int i = 0; i < Asks; ++i)
                replies.push_back(type.ref(i % Actors).ask([](ProbeActor &) { return Counted(); },
                                                           [](const ActorError &) { return Counted(); }, 30s));
            for (const auto &r : replies)
                r.waitForFinished();
            // A handler's own return value dies just after its answer is reported: wait for it.
            QTRY_COMPARE(Counted::alive.load(), Asks);
        }
        // A worker frees a message right after its turn: one more turn per actor means every
        // earlier message is gone.
        for (int a = 0; a < Actors; ++a)
            QCOMPARE(valueOf(ask(type.ref(a), [](ProbeActor &) { return true; })), true);
        QCOMPARE(system.askTimeouts().pending(), size_t(0));
        QCOMPARE(Counted::alive.load(), 0);
    }

    void postsRacingShutdownAreAnsweredOrRefused()
    {
        // A post could pass the worker's closed check just before the worker closed and land in a
        // mailbox nobody read again: its asker waited forever. Every ask posted while the system
        // shuts down must be settled once shutdown() has returned and its poster is done.
        constexpr int Rounds = 100;
        constexpr int Posters = 3;
        constexpr int PerPoster = 3000;
        for (int round = 0; round < Rounds; ++round) {
            Probe probe;
            ActorSystem system(config(1));
            auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
            system.start();
            std::vector<std::vector<Reply<Outcome<bool>>>> replies(Posters);
            std::atomic<int> posted{0};
            std::vector<std::thread> posters;
            for (int p = 0; p < Posters; ++p) {
                posters.emplace_back([&, p] {
                    replies[p].reserve(PerPoster);
                    for (int i = 0; i < PerPoster; ++i) {
                        replies[p].push_back(ask(type.ref(p), [](ProbeActor &) { return true; }, 0ms));
                        posted.fetch_add(1, std::memory_order_relaxed);
                    }
                });
            }
            while (posted.load(std::memory_order_relaxed) < Posters * PerPoster / 2)
                std::this_thread::yield();
            system.shutdown(5s);
            for (auto &t : posters)
                t.join();
            int unsettled = 0;
            for (const auto &perPoster : replies) {
                for (const auto &r : perPoster)
                    unsettled += r.isFinished() ? 0 : 1;
            }
            QVERIFY2(unsettled == 0, qPrintable(QStringLiteral("round %1: %2 asks never answered").arg(round).arg(unsettled)));
        }
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
        QCOMPARE(ask(type.ref(1), [](ProbeActor &a) { return a.count; }).result().error, QStringLiteral("ShutdownError"));
    }

    void shutdownGivesUpAtItsDeadline()
    {
        Probe probe;
        ActorSystem system(config(1));
        auto type = system.registerType<ProbeActor>("probe", [&](ActorId) { return new ProbeActor(&probe); });
        system.start();
        std::vector<Reply<Outcome<bool>>> asks;
        for (int i = 0; i < 100; ++i)
            asks.push_back(ask(type.ref(1), [](ProbeActor &a) { QThread::msleep(10); a.exclusiveTurn(); return true; }, 0ms));
        const ShutdownReport report = system.shutdown(100ms);
        QVERIFY(!report.drained);
        QVERIFY(report.dropped > 0);
        QCOMPARE(probe.handled.load() + (long long)report.dropped, 100);
        int failed = 0;
        for (const auto &f : asks) {
            if (f.result().error == QStringLiteral("ShutdownError"))
                ++failed;
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
