// airdisplayd as an operator starts it: what it sets up for itself before the engine opens.
#include "DaemonProcess.h"
#include "RestClient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace airdisplay;

namespace {

// airdisplayd on a fresh database and a free loopback port, its log captured, with an environment
// and a soft open file limit of the test's choosing.
struct Daemon
{
    Daemon(const QProcessEnvironment &environment, rlim_t softFileLimit = 0) : port(DaemonProcess::freePort())
    {
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setProcessEnvironment(environment);
        if (softFileLimit > 0) {
            // In the child only, between fork and exec: the test's own limit stays as it is.
            process.setChildProcessModifier([softFileLimit] {
                rlimit limit{};
                ::getrlimit(RLIMIT_NOFILE, &limit);
                limit.rlim_cur = softFileLimit;
                ::setrlimit(RLIMIT_NOFILE, &limit);
            });
        }
        process.start(QStringLiteral(AIRDISPLAYD_PATH),
                      {QStringLiteral("--db"), dir.filePath(QStringLiteral("daemon.db")), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--metrics-interval"), QStringLiteral("0")});
    }
    ~Daemon()
    {
        process.terminate();
        if (!process.waitForFinished(30'000))
            process.kill();
        process.waitForFinished();
    }
    // True once the gateway listens.
    bool waitUntilListening()
    {
        const QDeadlineTimer deadline(60'000);
        while (!log.contains("listening on")) {
            if (deadline.hasExpired() || process.state() == QProcess::NotRunning)
                return false;
            process.waitForReadyRead(200);
            log += process.readAll();
        }
        return true;
    }
    // The soft and hard limits of a line of /proc/<pid>/limits, e.g. "Max open files".
    std::pair<QString, QString> limits(const QString &name) const
    {
        QFile file(QStringLiteral("/proc/%1/limits").arg(process.processId()));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        for (const QString &line : QString::fromLatin1(file.readAll()).split(QLatin1Char('\n'))) {
            if (line.startsWith(name)) {
                const QStringList fields = line.mid(name.size()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
                return {fields.value(0), fields.value(1)};
            }
        }
        return {};
    }

    QTemporaryDir dir;
    quint16 port;
    QProcess process;
    QByteArray log;
};

QProcessEnvironment environmentWithout(const QString &name)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(name);
    return environment;
}

} // namespace

class tst_Daemon : public QObject
{
    Q_OBJECT

private slots:
    // --request-retention-seconds: a retry within it is the first request's answer, after it a new
    // submission (the soak runs with a short one, so the banners' ledgers stop growing).
    void aRetryIsRecognisedWithinTheRequestRetentionOnly()
    {
        QTemporaryDir dir;
        DaemonProcess daemon(QStringLiteral(AIRDISPLAYD_PATH), dir.filePath(QStringLiteral("daemon.db")));
        const QString token = daemon.createToken(Role::Operator);
        QVERIFY(!token.isEmpty());
        QVERIFY(daemon.start({QStringLiteral("--register-demo-fleet"), QStringLiteral("1"), QStringLiteral("--request-retention-seconds"),
                              QStringLiteral("2"), QStringLiteral("--metrics-interval"), QStringLiteral("0")},
                             token.toLatin1(), 1));
        const RestClient client(daemon.port(), token.toLatin1());
        const QJsonObject request{{QStringLiteral("text"), QStringLiteral("Once only")}, {QStringLiteral("requestId"), QStringLiteral("r-1")}};
        QElapsedTimer sinceFirst;
        sinceFirst.start();
        const RestClient::Reply first = client.post("/api/v1/banners/1/messages", request);
        QCOMPARE(first.status, 201);
        const qint64 firstId = qint64(first.body.value(QLatin1String("messageId")).toDouble());
        QVERIFY(firstId > 0);
        const RestClient::Reply retry = client.post("/api/v1/banners/1/messages", request);
        QVERIFY2(sinceFirst.elapsed() < 2000, "the retry came after the retention: the machine was too slow to tell");
        QCOMPARE(qint64(retry.body.value(QLatin1String("messageId")).toDouble()), firstId);
        // Past the retention the same request id is a new submission.
        QTest::qWait(int(2500 - sinceFirst.elapsed()));
        const RestClient::Reply later = client.post("/api/v1/banners/1/messages", request);
        QCOMPARE(later.status, 201);
        const qint64 laterId = qint64(later.body.value(QLatin1String("messageId")).toDouble());
        QVERIFY(laterId > 0);
        QVERIFY(laterId != firstId);
        QVERIFY(daemon.stop());
    }

    // One engine per database: a second airdisplayd on the same file is refused and names the first
    // (its pid); once the first dies, kill -9 included, the next one starts.
    void aSecondEngineOnOneDatabaseIsRefusedUntilTheFirstDies()
    {
        Daemon first(QProcessEnvironment::systemEnvironment());
        QVERIFY2(first.waitUntilListening(), first.log.constData());
        const QString database = first.dir.filePath(QStringLiteral("daemon.db"));
        const auto startSecond = [&](QProcess &second) {
            second.setProcessChannelMode(QProcess::MergedChannels);
            second.start(QStringLiteral(AIRDISPLAYD_PATH),
                         {QStringLiteral("--db"), database, QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:%1").arg(DaemonProcess::freePort()), QStringLiteral("--metrics-interval"),
                          QStringLiteral("0")});
        };
        QProcess refused;
        startSecond(refused);
        QVERIFY(refused.waitForFinished(60'000));
        const QByteArray said = refused.readAll();
        QVERIFY2(refused.exitCode() != 0, said.constData());
        QVERIFY2(said.contains("in use by another AirDisplay engine"), said.constData());
        QVERIFY2(said.contains(QStringLiteral("pid %1").arg(first.process.processId()).toUtf8()), said.constData());
        QCOMPARE(first.process.state(), QProcess::Running); // the first is unharmed

        ::kill(pid_t(first.process.processId()), SIGKILL);
        QVERIFY(first.process.waitForFinished(10'000));
        QProcess next;
        startSecond(next);
        QByteArray log;
        const QDeadlineTimer deadline(60'000);
        while (!log.contains("listening on") && !deadline.hasExpired() && next.state() != QProcess::NotRunning) {
            next.waitForReadyRead(200);
            log += next.readAll();
        }
        QVERIFY2(log.contains("listening on"), log.constData());
        next.terminate();
        QVERIFY(next.waitForFinished(30'000));
    }

    void openFileLimitIsRaisedToTheHardLimit()
    {
        rlimit own{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &own) == 0);
        if (own.rlim_max != RLIM_INFINITY && own.rlim_max <= 256)
            QSKIP("the hard open file limit is too low to tell a raise from none");
        Daemon daemon(QProcessEnvironment::systemEnvironment(), 256);
        QVERIFY2(daemon.waitUntilListening(), daemon.log.constData());
        const auto [soft, hard] = daemon.limits(QStringLiteral("Max open files"));
        QVERIFY(!hard.isEmpty());
        QCOMPARE(soft, hard);
        QVERIFY2(daemon.log.contains(QStringLiteral("open file limit %1 (hard limit %1, raised from 256)").arg(hard).toLatin1()),
                 daemon.log.constData());
    }

    void plainEventLoopUnlessTheEnvironmentChoosesOne_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QByteArray>("dispatcher");
        QTest::newRow("QT_NO_GLIB unset") << environmentWithout(QStringLiteral("QT_NO_GLIB"))
                                           << QByteArray("QEventDispatcherUNIX");
        QProcessEnvironment glib = QProcessEnvironment::systemEnvironment();
        glib.insert(QStringLiteral("QT_NO_GLIB"), QString()); // set, to nothing: GLib's loop
        QTest::newRow("QT_NO_GLIB empty") << glib << QByteArray("QEventDispatcherGlib");
    }

    void plainEventLoopUnlessTheEnvironmentChoosesOne()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QByteArray, dispatcher);
        Daemon daemon(environment);
        QVERIFY2(daemon.waitUntilListening(), daemon.log.constData());
        QVERIFY2(daemon.log.contains("event dispatcher " + dispatcher), daemon.log.constData());
    }

    void gatewayListenBacklog()
    {
        const QString ss = QStandardPaths::findExecutable(QStringLiteral("ss"));
        if (ss.isEmpty())
            QSKIP("needs ss (iproute2) to read the listening socket's backlog");
        Daemon daemon(QProcessEnvironment::systemEnvironment());
        QVERIFY2(daemon.waitUntilListening(), daemon.log.constData());
        QProcess query;
        query.start(ss, {QStringLiteral("-Hltn"), QStringLiteral("sport = :%1").arg(daemon.port)});
        QVERIFY(query.waitForFinished(10'000));
        // State, Recv-Q, Send-Q, ...: a listening socket's Send-Q is its backlog, which the kernel
        // caps at net.core.somaxconn.
        const QByteArray line = query.readAllStandardOutput().simplified();
        const QList<QByteArray> fields = line.split(' ');
        QVERIFY2(fields.size() >= 3 && fields.first() == "LISTEN", line.constData());
        QFile somaxconn(QStringLiteral("/proc/sys/net/core/somaxconn"));
        const int cap = somaxconn.open(QIODevice::ReadOnly) ? somaxconn.readAll().trimmed().toInt() : 4096;
        QCOMPARE(fields.at(2).toInt(), qMin(1024, cap));
    }
};

QTEST_GUILESS_MAIN(tst_Daemon)
#include "tst_daemon.moc"
