// Store benchmark: durable submissions per second (group commit against one transaction per
// submission), reminder fires per second with a million pending, and actor state load latency.
// Prints `bench: <name> <value> <unit>` lines; docs/performance.md keeps the figures.

#include "ReminderScheduler.h"
#include "Store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>
#include <time.h>
#include <vector>

using namespace airdisplay;

namespace {

void report(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.1f %s\n", name, value, unit);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString &what)
{
    std::fprintf(stderr, "bench_store: %s\n", qPrintable(what));
    std::exit(1);
}

// One submission as the banner actor makes it: its new state, the event that describes the
// change, and the message's receipt, in one batch, acknowledged only when the callback fires.
WriteBatch submission(qint64 banner, qint64 version, qint64 messageId, const QByteArray &state)
{
    WriteBatch batch;
    batch.putState(QStringLiteral("banner"), QString::number(banner), version, state);
    batch.appendEvent(banner, version + 1, QStringLiteral("message.queued"),
                      QByteArrayLiteral(R"({"message":)") + QByteArray::number(messageId) + "}", 1'700'000'000'000 + messageId);
    MessageRecord message;
    message.messageId = messageId;
    message.bannerId = banner;
    message.author = QStringLiteral("customer-%1").arg(messageId % 1000);
    message.requestId = QStringLiteral("req-%1").arg(messageId);
    message.text = QStringLiteral("Will you marry me, Sam?");
    message.status = QStringLiteral("queued");
    message.submittedMs = 1'700'000'000'000 + messageId;
    batch.upsertMessage(message);
    return batch;
}

struct Throughput
{
    double perSecond = 0;    // acknowledged submissions per wall-clock second
    double perCpuSecond = 0; // per second of CPU used by the whole process (writer and callers)
};

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// Submits `total` submissions from `threads` threads, each keeping up to `window` in flight (the
// way many actors each wait for their own commit), and measures acknowledged submissions per
// second. The CPU figure is what a shared, busy machine cannot take away: wall-clock throughput
// there depends on what else runs.
Throughput submissionsPerSecond(const QString &path, int maxGroupSize, int total, int threads, int window)
{
    StoreOptions options;
    options.maxGroupSize = maxGroupSize;
    Store store(options);
    if (const StoreStatus status = store.open(path); status.isError())
        die(status.message());
    const QByteArray state(240, 'S');
    std::atomic<int> failures{0};
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = processCpuSeconds();
    std::vector<std::unique_ptr<QThread>> submitters;
    for (int t = 0; t < threads; ++t) {
        submitters.emplace_back(QThread::create([&, t] {
            const int mine = total / threads;
            const int banners = 2000; // per thread; each banner's versions follow its own commits
            std::vector<qint64> versions(banners, 0);
            QSemaphore inFlight(window);
            for (int i = 0; i < mine; ++i) {
                inFlight.acquire();
                const int b = i % banners;
                const qint64 banner = qint64(t) * 1'000'000 + b;
                const qint64 messageId = qint64(t) * 100'000'000 + i;
                store.submit(submission(banner, versions[b]++, messageId, state), [&](WriteResult r) {
                    if (!r.ok() && failures++ == 0)
                        std::fprintf(stderr, "bench_store: %s\n", qPrintable(r.error.message()));
                    inFlight.release();
                });
            }
            inFlight.acquire(window);
        }));
        submitters.back()->start();
    }
    for (auto &thread : submitters)
        thread->wait();
    const double seconds = timer.nsecsElapsed() / 1e9;
    const double cpuSeconds = processCpuSeconds() - cpuStart;
    const StoreCounters counters = store.counters();
    std::fprintf(stderr, "bench_store: %llu submissions in %llu transactions (group size %d)\n",
                 static_cast<unsigned long long>(counters.batches),
                 static_cast<unsigned long long>(counters.transactions), maxGroupSize);
    if (failures)
        die(QStringLiteral("%1 submissions failed").arg(failures.load()));
    const double done = double((total / threads) * threads);
    return {done / seconds, done / cpuSeconds};
}

// A million pending reminders, all overdue as after a restart; returns fires per second.
double reminderFiresPerSecond(const QString &path, int pending)
{
    Store store;
    if (const StoreStatus status = store.open(path); status.isError())
        die(status.message());
    QElapsedTimer timer;
    timer.start();
    const int perBatch = 20'000;
    QSemaphore written;
    for (int start = 0; start < pending; start += perBatch) {
        WriteBatch batch;
        for (int i = start; i < std::min(pending, start + perBatch); ++i)
            batch.upsertReminder({QStringLiteral("banner"), QString::number(i), QStringLiteral("expiry"),
                                  1'000'000 + (i * 7919LL) % 1'000'000, 0, QByteArray::number(i)});
        store.submit(std::move(batch), [&](WriteResult r) {
            if (!r.ok())
                die(r.error.message());
            written.release();
        });
    }
    written.acquire((pending + perBatch - 1) / perBatch);
    std::fprintf(stderr, "bench_store: wrote %d reminders in %.1f s\n", pending, timer.nsecsElapsed() / 1e9);

    std::atomic<int> fired{0};
    QSemaphore allFired;
    ReminderScheduler::Options options;
    options.clock = [] { return qint64(10'000'000); };
    ReminderScheduler scheduler(
            store,
            [&](const Reminder &) {
                if (++fired == pending)
                    allFired.release();
            },
            options);
    timer.restart();
    if (const StoreStatus status = scheduler.start(); status.isError())
        die(status.message());
    allFired.acquire();
    const double seconds = timer.nsecsElapsed() / 1e9;
    std::fprintf(stderr, "bench_store: at most %d reminders were held in memory at the end\n", scheduler.loadedCount());
    scheduler.stop();
    return pending / seconds;
}

// Actor activations: loadState from a worker thread, for random actors among `actors`, while
// group-committed writes go on; returns the p50 and p99 in microseconds.
std::pair<double, double> loadLatency(const QString &path, int actors, int loads)
{
    Store store;
    if (const StoreStatus status = store.open(path); status.isError())
        die(status.message());
    const QByteArray state(600, 'Q');
    for (int start = 0; start < actors; start += 10'000) {
        WriteBatch batch;
        for (int i = start; i < std::min(actors, start + 10'000); ++i)
            batch.putState(QStringLiteral("banner"), QString::number(i), 0, state);
        if (const WriteResult r = store.write(batch); !r.ok())
            die(r.error.message());
    }

    std::atomic<bool> writing{true};
    std::unique_ptr<QThread> writer(QThread::create([&] {
        QSemaphore inFlight(500);
        for (qint64 i = 0; writing; ++i) {
            inFlight.acquire();
            store.submit(submission(50'000'000 + i, 0, 900'000'000 + i, state), [&](WriteResult) { inFlight.release(); });
        }
        inFlight.acquire(500);
    }));
    writer->start();

    std::vector<double> micros;
    micros.reserve(loads);
    std::unique_ptr<QThread> worker(QThread::create([&] {
        std::mt19937_64 random(42);
        std::uniform_int_distribution<int> pick(0, actors - 1);
        QElapsedTimer timer;
        for (int i = 0; i < loads; ++i) {
            const QString id = QString::number(pick(random));
            timer.start();
            const auto loaded = store.loadState(QStringLiteral("banner"), id);
            micros.push_back(timer.nsecsElapsed() / 1000.0);
            if (!loaded.ok() || loaded->version != 1)
                die(QStringLiteral("load of banner %1 failed").arg(id));
        }
    }));
    worker->start();
    worker->wait();
    writing = false;
    writer->wait();
    std::sort(micros.begin(), micros.end());
    return {micros[micros.size() / 2], micros[size_t(micros.size() * 0.99)]};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        die(QStringLiteral("cannot create a temporary folder"));
    std::fprintf(stderr, "bench_store: SQLite files in %s (WAL, synchronous=FULL)\n", qPrintable(dir.path()));

    // Sections can be picked on the command line (submissions, reminders, load); default: all.
    const QStringList args = app.arguments().mid(1);
    auto wanted = [&args](const char *section) { return args.isEmpty() || args.contains(QLatin1String(section)); };

    if (wanted("submissions")) {
        const Throughput grouped = submissionsPerSecond(dir.filePath(QStringLiteral("grouped.db")),
                                                        StoreOptions().maxGroupSize, 400'000, 2, 8192);
        report("store_submissions_group_commit", grouped.perSecond, "submissions/s");
        report("store_submissions_group_commit_per_cpu", grouped.perCpuSecond, "submissions/cpu-s");
        const Throughput single = submissionsPerSecond(dir.filePath(QStringLiteral("single.db")), 1, 10'000, 2, 64);
        report("store_submissions_one_tx_each", single.perSecond, "submissions/s");
        report("store_group_commit_speedup", grouped.perSecond / single.perSecond, "x");
    }
    if (wanted("reminders")) {
        report("reminder_fires_1M_pending",
               reminderFiresPerSecond(dir.filePath(QStringLiteral("reminders.db")), 1'000'000), "fires/s");
    }
    if (wanted("load")) {
        const auto [p50, p99] = loadLatency(dir.filePath(QStringLiteral("load.db")), 100'000, 20'000);
        report("state_load_p50", p50, "us");
        report("state_load_p99", p99, "us");
    }
    return 0;
}
