// The console's command line as a user meets it: `airdisplay --help` and `--version` print and exit
// where there is no display at all (a server over ssh, help2man in a build root), and a bad option
// value is refused in words. The real program as a child process.
#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

class tst_ConsoleCommandLine : public QObject
{
    Q_OBJECT

private:
    // No display of any kind: no X, no Wayland, no platform chosen.
    static QProcessEnvironment headless()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"})
            env.remove(QString::fromLatin1(name));
        return env;
    }

    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QString out;
        QString err;
    };

    static Run run(const QStringList &arguments, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AIRDISPLAY_PATH), arguments);
        Run r;
        if (!p.waitForFinished(60'000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.status = p.exitStatus();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private slots:
    void helpAndVersionNeedNoDisplay()
    {
        const Run help = run({QStringLiteral("--help")}, headless());
        QCOMPARE(help.status, QProcess::NormalExit);
        QVERIFY2(help.exitCode == 0, qPrintable(help.err));
        QVERIFY(help.out.contains(QStringLiteral("Usage:")));
        for (const char *option : {"--db", "--demo", "--listen", "--screenshot"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);

        const Run version = run({QStringLiteral("--version")}, headless());
        QCOMPARE(version.status, QProcess::NormalExit);
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("AirDisplay ")) || version.out.startsWith(QStringLiteral("airdisplay ")));
    }

    void aBadDemoSizeIsRefusedInWords()
    {
        QProcessEnvironment env = headless();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run bad = run({QStringLiteral("--demo"), QStringLiteral("lots")}, env);
        QCOMPARE(bad.status, QProcess::NormalExit);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--demo takes a number")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(tst_ConsoleCommandLine)
#include "tst_consolecommandline.moc"
