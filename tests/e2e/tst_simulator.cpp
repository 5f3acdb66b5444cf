// airdisplay-sim against a real airdisplayd child process: 100 simulated devices over WebSocket and
// simulated customers submitting 1,000 messages. Every acknowledged message must be displayed, in
// order, for its full time, and then end; with link drops on, nothing acknowledged is lost and every
// display is confirmed.
#include "DaemonProcess.h"
#include "DisplayAudit.h"
#include "RestClient.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace airdisplay;

namespace {
constexpr int kBanners = 100;
constexpr int kSubmissions = 1000;
constexpr qint64 kDisplayMs = 1000;
// A customer token may make 50 requests a second: stay under it, retries included.
constexpr int kSubmitRate = 40;
} // namespace

class tst_Simulator : public QObject
{
    Q_OBJECT

private:
    // Runs the simulator until its customers have every answer and the daemon has ended every
    // acknowledged display, then audits the event log.
    // provision: the simulator registers the banners and mints their device tokens itself with
    // the admin token, against an empty daemon; otherwise the daemon registers a demo fleet and the
    // device tokens come from a file.
    void runFleet(const QStringList &faults, int minimumLinkLosses, bool provision = false)
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DaemonProcess daemon(QStringLiteral(AIRDISPLAYD_PATH), dir.filePath(QStringLiteral("sim.db")));
        const QString admin = daemon.createToken(Role::Admin);
        QVERIFY(!admin.isEmpty());
        QStringList daemonArguments{QStringLiteral("--display-seconds"), QString::number(kDisplayMs / 1000), QStringLiteral("--queue-limit"),
                                    QStringLiteral("1000")};
        QStringList devices{QStringLiteral("--banners"), QString::number(kBanners)};
        if (!provision) {
            const QString tokens = dir.filePath(QStringLiteral("devices.txt"));
            QVERIFY(daemon.writeDeviceTokens(tokens, 1, kBanners));
            daemonArguments << QStringLiteral("--register-demo-fleet") << QString::number(kBanners);
            devices << QStringLiteral("--device-tokens") << tokens;
        }
        QVERIFY(daemon.start(daemonArguments, admin.toLatin1(), provision ? 0 : kBanners));

        const QString ackLog = dir.filePath(QStringLiteral("acks.txt"));
        QProcess sim;
        sim.setProcessChannelMode(QProcess::MergedChannels);
        sim.start(QStringLiteral(AIRDISPLAY_SIM_PATH),
                  QStringList{QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1").arg(daemon.port()), QStringLiteral("--token"), admin,
                              QStringLiteral("--customers"), QStringLiteral("4"),
                              QStringLiteral("--submit-rate"), QString::number(kSubmitRate), QStringLiteral("--submissions"),
                              QString::number(kSubmissions), QStringLiteral("--ack-log"), ackLog, QStringLiteral("--server-pid"),
                              QString::number(daemon.pid()), QStringLiteral("--report-interval"), QStringLiteral("5")}
                      + devices + faults);
        QVERIFY(sim.waitForStarted());
        QByteArray output;
        auto finished = [&] {
            output += sim.readAll();
            return output.contains("customers: finished");
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished() || sim.state() == QProcess::NotRunning, 180'000);
        QVERIFY2(finished(), output.constData());

        const QList<DisplayAudit::Acknowledgement> acks = DisplayAudit::readAckLog(ackLog);
        QCOMPARE(acks.size(), kSubmissions); // no final errors: transient ones were retried

        const RestClient rest(daemon.port(), admin.toLatin1());
        DisplayAudit audit(rest);
        QTRY_VERIFY_WITH_TIMEOUT(audit.fetch() && audit.allEnded(acks), 180'000);
        const QStringList problems = audit.problems(acks, kDisplayMs, 1000);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))));
        QVERIFY(audit.eventCount(QStringLiteral("device_disconnected")) >= minimumLinkLosses);

        sim.terminate();
        QVERIFY(sim.waitForFinished(30'000));
        output += sim.readAll();
        QCOMPARE(sim.exitCode(), 0);
        QVERIFY2(output.contains("bench: sim_telemetry_absorbed"), output.constData());
        qInfo("%s", output.right(1500).constData());
        QVERIFY(daemon.stop());
    }

private slots:
    void everyAcknowledgedMessageIsDisplayedInOrder()
    {
        runFleet({}, 0);
    }

    void linkDropsLoseNothing()
    {
        // A link in twenty drops at each telemetry tick: every device is cut off several times.
        runFleet({QStringLiteral("--link-drop"), QStringLiteral("0.05"), QStringLiteral("--confirm-delay"), QStringLiteral("200")}, 100);
    }

    void adminTokenProvisionsTheFleet()
    {
        runFleet({}, 0, true);
    }
};

QTEST_GUILESS_MAIN(tst_Simulator)
#include "tst_simulator.moc"
