// The simulator at scale: airdisplayd on a temporary SQLite database and a loopback port with
// N registered banners (default 10,000), and airdisplay-sim driving N device connections for D
// seconds (default 30). Prints the simulator's `bench:` lines (connections held, telemetry frames
// per second the server absorbed, the server's resident memory and CPU) and the setup times.
//
//   bench_sim [--devices N] [--duration S] [-- airdisplay-sim options...]
#include "DaemonProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace airdisplay;

namespace {
void report(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption devices(QStringLiteral("devices"), QStringLiteral("Device connections."), QStringLiteral("N"),
                                     QStringLiteral("10000"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds the simulator runs."), QStringLiteral("S"),
                                      QStringLiteral("30"));
    parser.addHelpOption();
    parser.addOptions({devices, duration});
    parser.addPositionalArgument(QStringLiteral("sim-options"), QStringLiteral("Passed on to airdisplay-sim, after --."));
    parser.process(app);
    const qint64 count = qMax(1LL, parser.value(devices).toLongLong());

    QTemporaryDir dir;
    DaemonProcess daemon(QStringLiteral(AIRDISPLAYD_PATH), dir.filePath(QStringLiteral("bench.db")));
    QElapsedTimer clock;
    clock.start();
    const QString admin = daemon.createToken(Role::Admin);
    const QString tokens = dir.filePath(QStringLiteral("devices.txt"));
    if (admin.isEmpty() || !daemon.writeDeviceTokens(tokens, 1, count)) {
        std::fprintf(stderr, "bench_sim: cannot create tokens in %s\n", qPrintable(daemon.database()));
        return 1;
    }
    report("sim_setup_device_tokens", clock.elapsed() / 1000.0, "s");

    clock.restart();
    if (!daemon.start({QStringLiteral("--register-demo-fleet"), QString::number(count)}, admin.toLatin1(), count, 600'000)) {
        std::fprintf(stderr, "bench_sim: airdisplayd did not come up\n");
        return 1;
    }
    report("sim_setup_daemon_ready", clock.elapsed() / 1000.0, "s");

    QProcess sim;
    sim.setProcessChannelMode(QProcess::ForwardedChannels);
    sim.start(QStringLiteral(AIRDISPLAY_SIM_PATH),
              QStringList{QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port()), QStringLiteral("--device-tokens"), tokens,
               QStringLiteral("--duration"), parser.value(duration), QStringLiteral("--server-pid"), QString::number(daemon.pid())}
                  + parser.positionalArguments());
    if (!sim.waitForStarted() || !sim.waitForFinished(-1) || sim.exitCode() != 0) {
        std::fprintf(stderr, "bench_sim: airdisplay-sim failed\n");
        daemon.stop();
        return 1;
    }
    return daemon.stop() ? 0 : 1;
}
