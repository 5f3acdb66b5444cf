// airdisplayd: the AirDisplay engine, headless.
#include "ActorSystem.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDaemon, "airdisplay.daemon")

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &byte, 1); // async-signal-safe
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("airdisplayd"));
    QCoreApplication::setOrganizationName(QStringLiteral("AirDisplay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AIRDISPLAY_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("AirDisplay engine for a fleet of airplane banners, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Actor worker threads (default: one per core)."),
                               QStringLiteral("N"), QStringLiteral("0"));
    QCommandLineOption metricsEvery(QStringLiteral("metrics-interval"),
                                    QStringLiteral("Log engine metrics every S seconds (0 = never)."),
                                    QStringLiteral("S"), QStringLiteral("10"));
    parser.addOption(workers);
    parser.addOption(metricsEvery);
    parser.process(app);

    airdisplay::ActorSystemConfig config;
    config.workers = parser.value(workers).toInt();
    airdisplay::ActorSystem system(config);
    system.start();
    qCInfo(lcDaemon) << "engine started with" << system.workerCount() << "workers";

    // SIGTERM/SIGINT arrive through a socket pair so that shutdown runs on the main thread.
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] auto n = ::read(g_signalPipe[0], &byte, 1);
        qCInfo(lcDaemon) << "signal" << int(byte) << "received: shutting down";
        const airdisplay::ShutdownReport report = system.shutdown(std::chrono::seconds(10));
        qCInfo(lcDaemon) << "shutdown" << (report.drained ? "drained" : "timed out") << "dropped" << report.dropped;
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    QTimer metricsTimer;
    if (const int seconds = parser.value(metricsEvery).toInt(); seconds > 0) {
        QObject::connect(&metricsTimer, &QTimer::timeout, &app, [&] {
            const airdisplay::ActorMetrics m = system.metrics();
            qCInfo(lcDaemon) << "actors resident" << m.residentActors << "handled" << m.messagesHandled
                             << "mailbox" << m.mailboxDepth << "turn p99 ns" << m.turnTimeQuantileNs(0.99);
        });
        metricsTimer.start(seconds * 1000);
    }
    return app.exec();
}
