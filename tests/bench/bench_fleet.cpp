// Throughput and latency of the banner engine end to end: a submission is counted once its answer
// arrived, i.e. once it is committed (SQLite, synchronous=FULL, group commit).
#include "FleetEngine.h"
#include "FleetIndex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <deque>
#include <thread>
#include <vector>

using namespace airdisplay;

namespace {

void report(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.1f %s\n", name, value, unit);
    std::fflush(stdout);
}

// CPU used by the whole process (submitters, actors, the store's writer): the figure a shared,
// busy machine cannot take away, where wall-clock throughput depends on what else runs.
double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr int Banners = 10'000;
    constexpr int Submitters = 4;
    constexpr int PerSubmitter = 25'000;
    constexpr int Window = 2'000; // answers outstanding per submitter

    QTemporaryDir dir;
    const QString location = dir.filePath(QStringLiteral("bench.db"));
    {
        FleetEngine engine;
        if (engine.open(location).isError())
            return 1;
        QList<BannerRecord> fleet;
        for (int id = 1; id <= Banners; ++id)
            fleet.append({id, QStringLiteral("B-%1").arg(id), 0});
        QElapsedTimer timer;
        timer.start();
        if (!engine.registerBanners(fleet).result().ok())
            return 1;
        report("fleet_register_banners", Banners * 1000.0 / qMax<qint64>(1, timer.elapsed()), "banners/s");

        timer.restart();
        const double cpuStart = processCpuSeconds();
        std::vector<std::thread> threads;
        std::atomic<int> refused{0};
        for (int t = 0; t < Submitters; ++t) {
            threads.emplace_back([&, t] {
                std::deque<Reply<FleetResult>> window;
                for (int i = 0; i < PerSubmitter; ++i) {
                    const qint64 banner = 1 + (qint64(i) * Submitters + t) % Banners;
                    window.push_back(engine.execute(banner, command::Submit{QStringLiteral("hello %1").arg(i), QStringLiteral("r%1").arg(i)}, QStringLiteral("s%1").arg(t)));
                    if (int(window.size()) >= Window) {
                        refused += window.front().result().ok() ? 0 : 1;
                        window.pop_front();
                    }
                }
                for (auto &f : window)
                    refused += f.result().ok() ? 0 : 1;
            });
        }
        for (auto &t : threads)
            t.join();
        const double seconds = timer.nsecsElapsed() / 1e9;
        const double cpuSeconds = processCpuSeconds() - cpuStart;
        report("fleet_acked_submissions", Submitters * PerSubmitter / seconds, "submissions/s");
        report("fleet_acked_submissions_per_cpu_second", Submitters * PerSubmitter / cpuSeconds, "submissions/cpu-s");
        report("fleet_refused_submissions", refused.load(), "submissions");
        const FleetMetrics m = engine.metrics();
        report("fleet_batches_per_transaction", double(m.store.batches) / qMax<quint64>(1, m.store.transactions), "batches");
        engine.shutdown();
    }
    {
        // Activation with a state load: the first command to a banner after a restart.
        FleetEngine engine;
        if (engine.open(location).isError())
            return 1;
        std::vector<qint64> ns;
        QElapsedTimer timer;
        for (int id = 1; id <= 2000; ++id) {
            timer.restart();
            engine.bannerState(id).waitForFinished();
            ns.push_back(timer.nsecsElapsed());
        }
        std::sort(ns.begin(), ns.end());
        report("fleet_activation_p50", ns[ns.size() / 2] / 1e6, "ms");
        report("fleet_activation_p99", ns[ns.size() * 99 / 100] / 1e6, "ms");
        engine.shutdown();
    }
    {
        // Opening an existing fleet: before any actor runs, the index learns every banner's
        // registry entry, last committed summary and last position. Every banner has a position,
        // one in ten a queued message.
        constexpr int Fleet = 100'000;
        QTemporaryDir fleetDir;
        const QString fleetLocation = fleetDir.filePath(QStringLiteral("fleet.db"));
        {
            FleetEngine engine;
            if (engine.open(fleetLocation).isError())
                return 1;
            QList<BannerRecord> fleet;
            for (int id = 1; id <= Fleet; ++id)
                fleet.append({id, QStringLiteral("F-%1").arg(id), 0});
            if (!engine.registerBanners(fleet).result().ok())
                return 1;
            for (int id = 1; id <= Fleet; ++id)
                engine.telemetry({id, 40.0 + id % 1000 / 100.0, -3.0 + id % 700 / 100.0, 90, 60, 1200, 80, 1});
            std::deque<Reply<FleetResult>> window;
            for (int id = 1; id <= Fleet; id += 10) {
                window.push_back(engine.execute(id, command::Submit{QStringLiteral("message for %1").arg(id), QStringLiteral("load-%1").arg(id)}, QStringLiteral("bench")));
                if (int(window.size()) >= Window) {
                    window.front().waitForFinished();
                    window.pop_front();
                }
            }
            for (auto &f : window)
                f.waitForFinished();
            engine.shutdown(); // flushes the telemetry
        }
        // The median of three opens: the first may find the file out of the page cache.
        std::vector<double> ms;
        for (int i = 0; i < 3; ++i) {
            FleetEngine engine;
            QElapsedTimer timer;
            timer.start();
            if (engine.open(fleetLocation).isError())
                return 1;
            ms.push_back(timer.nsecsElapsed() / 1e6);
            const auto last = engine.fleetIndex().find(Fleet - 9);
            if (engine.fleetIndex().size() != Fleet || !last || !last->hasPosition)
                return 1;
            engine.shutdown();
        }
        std::sort(ms.begin(), ms.end());
        report("fleet_index_load_100k", ms[1], "ms");
    }
    return 0;
}
