// Actor runtime benchmark: the banner-like workload through the engine and through plain Qt queued
// delivery in the same process, memory per idle actor, and activation rate.
// Prints `bench: <name> <value> <unit>` lines (see docs/performance.md).
#include "ActorSystem.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QThread>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

using namespace airdisplay;
using namespace std::chrono_literals;

namespace {

constexpr int BannerCount = 100'000;
constexpr int QueueBound = 8;

// A banner message's text, carried inline like a small-string-optimised string.
struct ShortText
{
    char16_t chars[23] = {};
    quint8 length = 0;

    static ShortText make(int n)
    {
        static const char *phrases[] = {"HAPPY BIRTHDAY ANNA", "MARRY ME, SAM?", "EAT AT JOE'S",
                                        "SURF SHOP 50% OFF", "GO TEAM GO", "WELCOME HOME DAD"};
        const char *p = phrases[n % 6];
        ShortText t;
        t.length = quint8(std::min<size_t>(std::strlen(p), 22));
        for (int i = 0; i < t.length; ++i)
            t.chars[i] = char16_t(p[i]);
        return t;
    }
};

// The state both variants keep: a bounded FIFO of short texts, allocated on first use.
struct BannerQueue
{
    QList<ShortText> items;
    void append(const ShortText &t)
    {
        if (items.size() >= QueueBound)
            items.removeFirst();
        items.append(t);
    }
};

class BenchBanner : public Actor
{
public:
    BannerQueue queue;
};

class QtBanner : public QObject
{
public:
    explicit QtBanner(std::atomic<quint64> *handled) : m_handled(handled) {}
    void receive(const ShortText &t)
    {
        queue.append(t);
        m_handled->store(m_handled->load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    BannerQueue queue;

private:
    std::atomic<quint64> *m_handled; // one per worker thread, written only by it
};

void print(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.6g %s\n", name, value, unit);
    std::fflush(stdout);
}

long residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLong() * sysconf(_SC_PAGESIZE) : 0;
}

// Spread consecutive messages over the banners the way independent customers would.
inline ActorId bannerFor(quint64 i)
{
    return (i * 7919) % BannerCount;
}

double engineRate(int producers, quint64 messages)
{
    ActorSystemConfig config;
    config.workers = 2;
    config.idleAge = 0ms;
    ActorSystem system(config);
    auto banners = system.registerType<BenchBanner>("bench.banner");
    system.start();
    for (ActorId id = 0; id < BannerCount; ++id)
        banners.ref(id).tell([](BenchBanner &) {});
    while (system.metrics().messagesHandled < quint64(BannerCount))
        QThread::msleep(1);

    const quint64 before = system.metrics().messagesHandled;
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            const quint64 share = messages / producers;
            for (quint64 i = p * share; i < (p + 1) * share; ++i) {
                const ShortText text = ShortText::make(int(i));
                banners.ref(bannerFor(i)).tell([text](BenchBanner &b) { b.queue.append(text); });
            }
        });
    }
    for (auto &t : threads)
        t.join();
    while (system.metrics().messagesHandled - before < messages)
        QThread::usleep(200);
    const double seconds = clock.nsecsElapsed() / 1e9;
    const ActorMetrics m = system.metrics();
    if (producers == 1) {
        print("engine_turn_time_p50", m.turnTimeQuantileNs(0.5), "ns");
        print("engine_turn_time_p99", m.turnTimeQuantileNs(0.99), "ns");
    }
    return messages / seconds;
}

double qtQueuedRate(int producers, quint64 messages)
{
    std::vector<QThread *> threads;
    std::vector<std::unique_ptr<std::atomic<quint64>>> handled;
    for (int i = 0; i < 2; ++i) {
        threads.push_back(new QThread());
        threads.back()->start();
        handled.push_back(std::make_unique<std::atomic<quint64>>(0));
    }
    std::vector<QtBanner *> banners;
    banners.reserve(BannerCount);
    for (int id = 0; id < BannerCount; ++id) {
        const int w = id % 2;
        auto *b = new QtBanner(handled[w].get());
        b->moveToThread(threads[w]);
        banners.push_back(b);
    }
    auto total = [&] { return handled[0]->load() + handled[1]->load(); };

    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> producerThreads;
    for (int p = 0; p < producers; ++p) {
        producerThreads.emplace_back([&, p] {
            const quint64 share = messages / producers;
            for (quint64 i = p * share; i < (p + 1) * share; ++i) {
                const ShortText text = ShortText::make(int(i));
                QtBanner *b = banners[bannerFor(i)];
                QMetaObject::invokeMethod(b, [b, text] { b->receive(text); }, Qt::QueuedConnection);
            }
        });
    }
    for (auto &t : producerThreads)
        t.join();
    while (total() < messages)
        QThread::usleep(200);
    const double seconds = clock.nsecsElapsed() / 1e9;

    for (QThread *t : threads) {
        t->quit();
        t->wait();
        delete t;
    }
    qDeleteAll(banners);
    return messages / seconds;
}

void memoryAndActivations(quint64 count)
{
    ActorSystemConfig config;
    config.workers = 2;
    config.idleAge = 0ms;
    ActorSystem system(config);
    auto banners = system.registerType<BenchBanner>("bench.banner");
    system.start();
    malloc_trim(0);
    const long rssBefore = residentBytes();

    QElapsedTimer clock;
    clock.start();
    for (ActorId id = 0; id < count; ++id) {
        banners.ref(id).tell([](BenchBanner &) {});
        // Keep the messages in flight bounded, so that freed envelopes do not pose as actor memory.
        if ((id & 0xffff) == 0)
            while (system.metrics().mailboxDepth > 200'000)
                std::this_thread::yield();
    }
    while (system.metrics().activations < count)
        QThread::usleep(200);
    const double seconds = clock.nsecsElapsed() / 1e9;
    while (system.metrics().messagesHandled < count)
        QThread::usleep(200);

    malloc_trim(0);
    const long rssAfter = residentBytes();
    print("activations_1M_seconds", seconds, "s");
    print("activations_per_second", count / seconds, "activations/s");
    print("memory_per_idle_actor", double(rssAfter - rssBefore) / count, "bytes");
    print("resident_actors", system.metrics().residentActors, "actors");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const quint64 engineMessages = qEnvironmentVariableIntValue("BENCH_MESSAGES") > 0
                                       ? quint64(qEnvironmentVariableIntValue("BENCH_MESSAGES"))
                                       : 8'000'000;
    const quint64 qtMessages = engineMessages / 8;

    std::printf("bench_actor: %d banners, 2 workers, %llu engine messages, %llu Qt queued messages\n",
                BannerCount, (unsigned long long)engineMessages, (unsigned long long)qtMessages);
    for (int producers : {1, 2}) {
        const double engine = engineRate(producers, engineMessages);
        const double qt = qtQueuedRate(producers, qtMessages);
        const QByteArray suffix = "_" + QByteArray::number(producers) + "producer" + (producers > 1 ? "s" : "");
        print(("engine_messages_per_second" + suffix).constData(), engine, "msg/s");
        print(("qt_queued_messages_per_second" + suffix).constData(), qt, "msg/s");
        print(("engine_vs_qt_queued_ratio" + suffix).constData(), engine / qt, "x");
    }
    memoryAndActivations(1'000'000);
    return 0;
}
