// airdisplayd: the AirDisplay engine, headless.
#include "FleetEngine.h"
#include "FleetHost.h"
#include "FleetIndex.h"
#include "ListenAddress.h"
#include "TokenCommand.h"

#include <QAbstractEventDispatcher>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
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

QString fileLimitText(rlim_t value)
{
    return value == RLIM_INFINITY ? QStringLiteral("unlimited") : QString::number(quint64(value));
}

// Every gateway client holds a socket: use as many descriptors as the hard limit allows, not the
// soft limit of 1024 that shells and systemd give by default. (The service sets LimitNOFILE and
// forbids setrlimit; there the two limits are equal and nothing is called.)
void raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        qCWarning(lcDaemon) << "cannot read the open file limit:" << std::strerror(errno);
        return;
    }
    const rlim_t soft = limit.rlim_cur;
    if (soft != RLIM_INFINITY && soft < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            qCWarning(lcDaemon).noquote() << "cannot raise the open file limit from" << fileLimitText(soft) << "to"
                                          << fileLimitText(limit.rlim_max) + QLatin1Char(':') << std::strerror(errno);
            limit.rlim_cur = soft;
        }
    }
    QString text = QStringLiteral("open file limit %1 (hard limit %2")
                           .arg(fileLimitText(limit.rlim_cur), fileLimitText(limit.rlim_max));
    if (limit.rlim_cur != soft)
        text += QStringLiteral(", raised from %1").arg(fileLimitText(soft));
    qCInfo(lcDaemon).noquote() << text + QLatin1Char(')');
}

QString defaultDatabase()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("airdisplay.db"));
}

// Banners 1..count that are not registered yet, with callsigns DEMO-1, DEMO-2, ...
QList<airdisplay::BannerRecord> missingDemoBanners(const airdisplay::FleetIndex &index, qint64 count)
{
    QList<airdisplay::BannerRecord> banners;
    for (qint64 id = 1; id <= count; ++id) {
        if (!index.contains(id))
            banners.append({id, QStringLiteral("DEMO-%1").arg(id), 0});
    }
    return banners;
}
} // namespace

int main(int argc, char **argv)
{
    // Qt's GLib event loop walks every socket notifier on each wake-up; with thousands of client
    // sockets its own poll loop costs about a third less CPU (measured with airdisplay-sim at 10,000
    // sockets). An operator who sets the variable, even empty (GLib's loop), keeps that choice.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("airdisplayd"));
    QCoreApplication::setOrganizationName(QStringLiteral("AirDisplay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AIRDISPLAY_VERSION));

    // `airdisplayd token ...` manages gateway tokens and exits.
    if (const QStringList args = app.arguments(); args.value(1) == QLatin1String("token")) {
        QTextStream out(stdout), err(stderr);
        return airdisplay::TokenCommand::run(args.mid(2), defaultDatabase(), out, err);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("AirDisplay engine for a fleet of airplane banners, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"),
                          QStringLiteral("SQLite file or postgresql://user@host:port/db URL (default: %1).").arg(defaultDatabase()),
                          QStringLiteral("PATH|URL"));
    QCommandLineOption demoFleet(QStringLiteral("register-demo-fleet"),
                                 QStringLiteral("Register banners 1..N (DEMO-1 ...) that are not registered yet."),
                                 QStringLiteral("N"), QStringLiteral("0"));
    QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Actor worker threads (default: one per core)."),
                               QStringLiteral("N"), QStringLiteral("0"));
    QCommandLineOption queueLimit(QStringLiteral("queue-limit"), QStringLiteral("Messages waiting per banner."),
                                  QStringLiteral("N"), QStringLiteral("20"));
    QCommandLineOption textLimit(QStringLiteral("text-limit"),
                                 QStringLiteral("Characters (Unicode code points) a message may have; clients are told in welcome."),
                                 QStringLiteral("N"), QStringLiteral("64"));
    QCommandLineOption displaySeconds(QStringLiteral("display-seconds"), QStringLiteral("How long a message shows."),
                                      QStringLiteral("S"), QStringLiteral("60"));
    QCommandLineOption review(QStringLiteral("review"), QStringLiteral("Messages held for review: none, flagged or all."),
                              QStringLiteral("POLICY"), QStringLiteral("none"));
    // How long a banner's actor stays in memory after its last command: the server's working set is
    // about (banners touched per second) x this. 15 minutes by default; a server whose readers touch
    // many banners once each (REST reads of random banners) may want it shorter.
    QCommandLineOption idleSeconds(QStringLiteral("idle-seconds"),
                                   QStringLiteral("Seconds a banner stays in memory after its last command."),
                                   QStringLiteral("S"), QStringLiteral("900"));
    // How long a retried request is recognised (idempotency). Each banner in memory holds its
    // accepted request ids for this long (a 16-byte fingerprint and its answer each), so memory grows
    // with the submissions of one retention: 24 hours by default, after which it is steady.
    QCommandLineOption requestRetention(QStringLiteral("request-retention-seconds"),
                                        QStringLiteral("Seconds a request id is remembered: a retry within it is answered as the first time."),
                                        QStringLiteral("S"), QStringLiteral("86400"));
    QCommandLineOption metricsEvery(QStringLiteral("metrics-interval"),
                                    QStringLiteral("Log engine metrics every S seconds (0 = never)."),
                                    QStringLiteral("S"), QStringLiteral("10"));
    QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Gateway address (default: 127.0.0.1:8470)."),
                              QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8470"));
    QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS/WSS only."), QStringLiteral("FILE"));
    QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("FILE"));
    parser.addOptions({db, demoFleet, workers, queueLimit, textLimit, displaySeconds, review, idleSeconds, requestRetention, metricsEvery, listen,
                       tlsCert, tlsKey});
    parser.process(app);
    raiseFileLimit();
    qCInfo(lcDaemon) << "event dispatcher" << QAbstractEventDispatcher::instance()->metaObject()->className();

    airdisplay::FleetEngineOptions options;
    options.actors.workers = parser.value(workers).toInt();
    options.actors.idleAge = std::chrono::seconds(qMax(1, parser.value(idleSeconds).toInt()));
    options.policy.queueLimit = qMax(1, parser.value(queueLimit).toInt());
    options.policy.maxTextLength = qMax(1, parser.value(textLimit).toInt());
    options.policy.displayDurationMs = qMax(1, parser.value(displaySeconds).toInt()) * qint64(1000);
    options.policy.requestRetentionMs = qMax(1, parser.value(requestRetention).toInt()) * qint64(1000);
    const auto reviewPolicy = airdisplay::reviewPolicyFromName(parser.value(review));
    if (!reviewPolicy) {
        qCCritical(lcDaemon) << "unknown review policy" << parser.value(review) << "(none, flagged or all)";
        return 2;
    }
    options.policy.review = *reviewPolicy;

    const std::optional<airdisplay::ListenAddress> listenAt = airdisplay::ListenAddress::parse(parser.value(listen));
    if (!listenAt) {
        qCCritical(lcDaemon) << "--listen takes ADDR:PORT, not" << parser.value(listen);
        return 2;
    }
    const QString location = parser.isSet(db) ? parser.value(db) : defaultDatabase();
    airdisplay::GatewayOptions gatewayOptions;
    gatewayOptions.address = listenAt->address;
    gatewayOptions.port = listenAt->port;
    gatewayOptions.tlsCertificatePath = parser.value(tlsCert);
    gatewayOptions.tlsKeyPath = parser.value(tlsKey);
    gatewayOptions.storeLocation = location;

    airdisplay::FleetHost host({location, options, gatewayOptions});
    if (const airdisplay::FleetError error = host.start(); error.isError()) {
        qCCritical(lcDaemon) << "cannot open the engine:" << error.message();
        return 1;
    }
    // A server without its gateway serves nobody.
    if (const airdisplay::Error failed = host.gatewayError(); failed.isError()) {
        qCCritical(lcDaemon) << "cannot start the gateway:" << failed.message();
        return 1;
    }
    airdisplay::FleetEngine &engine = host.engine();

    if (const qint64 demo = parser.value(demoFleet).toLongLong(); demo > 0) {
        const QList<airdisplay::BannerRecord> banners = missingDemoBanners(engine.fleetIndex(), demo);
        qCInfo(lcDaemon) << "registering" << banners.size() << "demo banners";
        engine.registerBanners(banners).then(&app, [](const airdisplay::FleetResult &result) {
            if (result.ok())
                qCInfo(lcDaemon) << "demo fleet registered";
            else
                qCWarning(lcDaemon) << "demo fleet registration failed:" << result.error.message();
        });
    }

    // SIGTERM/SIGINT arrive through a socket pair so that shutdown runs on the main thread.
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] auto n = ::read(g_signalPipe[0], &byte, 1);
        qCInfo(lcDaemon) << "signal" << int(byte) << "received: shutting down";
        host.stop(std::chrono::seconds(10));
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    QTimer metricsTimer;
    if (const int seconds = parser.value(metricsEvery).toInt(); seconds > 0) {
        QObject::connect(&metricsTimer, &QTimer::timeout, &app, [&] {
            const airdisplay::FleetMetrics m = engine.metrics();
            qCInfo(lcDaemon) << "banners" << m.registeredBanners << "devices" << m.connectedDevices << "accepted"
                             << m.accepted << "commits" << m.commits << "failed" << m.commitFailures << "events"
                             << m.eventsPublished << "reminders" << m.remindersFired << "actors resident"
                             << m.actors.residentActors << "mailbox" << m.actors.mailboxDepth << "turn p99 ns"
                             << m.actors.turnTimeQuantileNs(0.99);
        });
        metricsTimer.start(seconds * 1000);
    }
    return app.exec();
}
