// airdisplay-sim: simulated banner devices and customers that speak the gateway's real protocol.
#include "DeviceTokenFile.h"
#include "FleetProvisioner.h"
#include "SimLogging.h"
#include "Simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace airdisplay;

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &byte, 1); // async-signal-safe
}

// Every device holds a socket: ask for as many descriptors as the hard limit allows.
void raiseFileLimit(qint64 needed)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur != RLIM_INFINITY && qint64(limit.rlim_cur) < needed)
        qCWarning(lcSim) << "the file limit is" << qint64(limit.rlim_cur) << "but" << needed
                         << "connections need about as many; raise the hard limit (ulimit -Hn)";
}
} // namespace

int main(int argc, char **argv)
{
    // Qt's GLib event loop walks every socket notifier on each wake-up; with thousands of device
    // sockets its own poll loop costs about a third less CPU (bench_sim: 102% -> 69% of a core for
    // 10,000 devices).
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("airdisplay-sim"));
    QCoreApplication::setOrganizationName(QStringLiteral("AirDisplay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AIRDISPLAY_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Simulated banner devices and customers over the AirDisplay gateway's WebSocket protocol.\n"
        "Devices need device tokens: with an admin --token and --banners N (and no --device-tokens) the\n"
        "simulator registers the banners and creates their device tokens through the gateway's API;\n"
        "otherwise give a file of them, e.g.\n"
        "  for i in $(seq 1 100); do echo \"$i $(airdisplayd token create --role device --banner $i)\"; done > tokens.txt\n"
        "for banners registered with airdisplayd --register-demo-fleet 100."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Gateway: ws://HOST:PORT or wss://HOST:PORT."), QStringLiteral("URL"));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("Operator or admin token of the customers; an admin token also provisions the devices."), QStringLiteral("TOKEN"));
    const QCommandLineOption banners(QStringLiteral("banners"), QStringLiteral("Banners to fly and submit to (default: every banner in --device-tokens)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption firstBanner(QStringLiteral("first-banner"), QStringLiteral("Id of the first of the banners."),
                                         QStringLiteral("ID"), QStringLiteral("1"));
    const QCommandLineOption deviceTokens(QStringLiteral("device-tokens"), QStringLiteral("File of \"BANNER_ID TOKEN\" lines, one per device."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption customersOnly(QStringLiteral("customers-only"), QStringLiteral("No devices: only submit to the banners."));
    const QCommandLineOption telemetry(QStringLiteral("telemetry-interval"), QStringLiteral("Milliseconds between telemetry frames of a device."),
                                       QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption linkDrop(QStringLiteral("link-drop"), QStringLiteral("Fault: probability that a device's link drops at each telemetry tick."),
                                      QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption confirmDelay(QStringLiteral("confirm-delay"),
                                          QStringLiteral("Fault: extra milliseconds before a device confirms what it shows (on top of the display's 400 ms)."),
                                          QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption customers(QStringLiteral("customers"), QStringLiteral("Customer connections."), QStringLiteral("M"), QStringLiteral("0"));
    const QCommandLineOption submitRate(QStringLiteral("submit-rate"), QStringLiteral("Submissions per second, all customers together."),
                                        QStringLiteral("R"), QStringLiteral("1"));
    const QCommandLineOption submissions(QStringLiteral("submissions"), QStringLiteral("Stop submitting after this many (0: never)."),
                                         QStringLiteral("K"), QStringLiteral("0"));
    const QCommandLineOption submitTimeout(QStringLiteral("submit-timeout"), QStringLiteral("Milliseconds before an unanswered submission is sent again."),
                                           QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption ackLog(QStringLiteral("ack-log"),
                                    QStringLiteral("Write each acknowledgement as \"BANNER MESSAGE REQUEST SENT_MS ACK_MS ATTEMPTS DUPLICATE\"."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds to run (0: until SIGINT or SIGTERM)."),
                                      QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption reportInterval(QStringLiteral("report-interval"), QStringLiteral("Seconds between status lines."),
                                           QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption serverPid(QStringLiteral("server-pid"), QStringLiteral("Report this local server process's memory and CPU."),
                                       QStringLiteral("PID"));
    const QCommandLineOption connectConcurrency(QStringLiteral("connect-concurrency"), QStringLiteral("Device handshakes in progress at once (a stalled one is retried after 10 s)."),
                                                QStringLiteral("N"), QStringLiteral("128"));
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"),
                                          QStringLiteral("Milliseconds between a device's pings, whose pongs count the telemetry the server read (0: none)."),
                                          QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Threads the devices are split over (default: one per 2,500 devices, at most 8)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of flights, faults and customers."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption insecure(QStringLiteral("insecure"), QStringLiteral("Accept any TLS certificate (wss:// to a test server)."));
    parser.addOptions({url, token, banners, firstBanner, deviceTokens, customersOnly, telemetry, linkDrop, confirmDelay, customers,
                       submitRate, submissions, submitTimeout, ackLog, duration, reportInterval, serverPid, connectConcurrency,
                       pingInterval, threads, seed, insecure});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    auto fail = [&](const QString &message) {
        err << "airdisplay-sim: " << message << Qt::endl;
        return 2;
    };

    SimulatorOptions options;
    options.url = QUrl(parser.value(url));
    if (!options.url.isValid() || (options.url.scheme() != QLatin1String("ws") && options.url.scheme() != QLatin1String("wss")))
        return fail(QStringLiteral("--url takes ws://HOST:PORT or wss://HOST:PORT"));
    options.simulation.telemetryInterval = std::chrono::milliseconds(qMax(20, parser.value(telemetry).toInt()));
    options.simulation.linkDropProbability = qBound(0.0, parser.value(linkDrop).toDouble(), 1.0);
    options.simulation.extraConfirmDelay = std::chrono::milliseconds(qMax(0, parser.value(confirmDelay).toInt()));
    options.simulation.submissionsPerSecond = qMax(0.0, parser.value(submitRate).toDouble());
    options.simulation.seed = parser.value(seed).toULongLong();
    options.connectConcurrency = qMax(1, parser.value(connectConcurrency).toInt());
    options.pingIntervalMs = qMax(0, parser.value(pingInterval).toInt());
    options.ignoreSslErrors = parser.isSet(insecure);
    options.customers = qMax(0, parser.value(customers).toInt());
    options.customerToken = parser.value(token);
    options.submissions = qMax(0LL, parser.value(submissions).toLongLong());
    options.answerTimeoutMs = qMax(100, parser.value(submitTimeout).toInt());
    options.ackLogPath = parser.value(ackLog);
    options.durationMs = qMax(0LL, parser.value(duration).toLongLong()) * 1000;
    options.reportIntervalMs = qMax(0LL, parser.value(reportInterval).toLongLong()) * 1000;
    options.serverPid = parser.value(serverPid).toLongLong();

    const qint64 bannerCount = parser.value(banners).toLongLong();
    bool provision = false;
    const qint64 first = parser.value(firstBanner).toLongLong();
    if (bannerCount < 0 || first <= 0)
        return fail(QStringLiteral("--banners takes a count and --first-banner a banner id"));
    if (parser.isSet(customersOnly)) {
        if (bannerCount == 0)
            return fail(QStringLiteral("--customers-only needs --banners N"));
        for (qint64 id = first; id < first + bannerCount; ++id)
            options.bannerIds.append(id);
    } else if (!parser.isSet(deviceTokens)) {
        if (bannerCount == 0 || options.customerToken.isEmpty())
            return fail(QStringLiteral("devices need --device-tokens FILE, or an admin --token and --banners N to provision them; "
                                       "use --customers-only to submit without devices"));
        provision = true;
        for (qint64 id = first; id < first + bannerCount; ++id)
            options.bannerIds.append(id);
    } else {
        QString error;
        const std::optional<QHash<qint64, QString>> tokens = DeviceTokenFile::load(parser.value(deviceTokens), error);
        if (!tokens)
            return fail(error);
        QList<qint64> ids = tokens->keys();
        std::sort(ids.begin(), ids.end());
        if (bannerCount > 0) {
            ids.clear();
            for (qint64 id = first; id < first + bannerCount; ++id) {
                if (!tokens->contains(id))
                    return fail(QStringLiteral("%1 has no token for banner %2").arg(parser.value(deviceTokens)).arg(id));
                ids.append(id);
            }
        }
        for (qint64 id : ids)
            options.devices.append(DeviceCredential{id, tokens->value(id)});
        options.bannerIds = ids;
    }
    if (options.customers > 0 && options.customerToken.isEmpty())
        return fail(QStringLiteral("customers need --token (an operator or admin token)"));
    if (options.devices.isEmpty() && !provision && options.customers == 0)
        return fail(QStringLiteral("nothing to simulate: no devices and no --customers"));

    const qint64 deviceTotal = provision ? bannerCount : options.devices.size();
    // Qt's event loop scans all of a thread's sockets on every wake-up: a few thousand per thread
    // keep that cheap.
    options.deviceThreads = parser.value(threads).toInt() > 0 ? parser.value(threads).toInt()
                                                              : qBound(1, int((deviceTotal + 2499) / 2500), 8);
    raiseFileLimit(deviceTotal + options.customers + 64);

    // Created once the devices have their tokens: at once, or after provisioning.
    std::unique_ptr<Simulator> simulator;
    int exitCode = 0;
    auto run = [&](const QList<DeviceCredential> &devices) {
        if (provision)
            options.devices = devices;
        simulator = std::make_unique<Simulator>(options, out);
        QObject::connect(simulator.get(), &Simulator::finished, &app, [] {
            // A moment for the close frames to leave before the sockets are torn down.
            QTimer::singleShot(300, qApp, &QCoreApplication::quit);
        });
        QString error;
        if (!simulator->start(error)) {
            exitCode = fail(error);
            QCoreApplication::exit(exitCode);
        }
    };

    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] auto n = ::read(g_signalPipe[0], &byte, 1);
        if (simulator)
            simulator->finish();
        else
            QCoreApplication::quit(); // still provisioning: nothing to report yet
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    FleetProvisioner provisioner(options.url, options.customerToken, first, bannerCount, options.ignoreSslErrors);
    if (provision) {
        QObject::connect(&provisioner, &FleetProvisioner::provisioned, &app, run);
        QObject::connect(&provisioner, &FleetProvisioner::failed, &app, [&](const QString &error) {
            exitCode = fail(error);
            QCoreApplication::exit(exitCode);
        });
        out << "provisioning " << bannerCount << " banners and device tokens" << Qt::endl;
        provisioner.start();
    } else {
        run({});
        if (exitCode != 0)
            return exitCode;
    }
    const int code = app.exec();
    // The simulator's fleets live on threads that must stop while the application still exists.
    simulator.reset();
    return exitCode != 0 ? exitCode : code;
}
