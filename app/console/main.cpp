// airdisplay: the dispatcher's desktop console.
#include "ConsoleLogging.h"
#include "ConsoleSettings.h"
#include "MainWindow.h"
#include "MapJumpList.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <string_view>

using airdisplay::ConsoleSettings;
using airdisplay::MainWindow;

namespace {

// --help and --version only print: they must work where there is no display (a server over ssh,
// help2man building the man page), and a QApplication aborts without one.
bool onlyPrints(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "-h" || arg == "-?" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> application;
    if (onlyPrints(argc, argv))
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv);
    QCoreApplication &app = *application;
    QApplication::setApplicationName(QStringLiteral("airdisplay"));
    QApplication::setApplicationDisplayName(QStringLiteral("AirDisplay"));
    QApplication::setOrganizationName(QStringLiteral("AirDisplay"));
    QApplication::setApplicationVersion(QStringLiteral(AIRDISPLAY_VERSION));
    if (qobject_cast<QApplication *>(&app)) {
        QGuiApplication::setDesktopFileName(QStringLiteral("org.airdisplay.AirDisplay"));
        // The installed hicolor icon; on Wayland the desktop file name above already finds it.
        QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.airdisplay.AirDisplay")));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "AirDisplay dispatcher console."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
                                QApplication::translate("main", "SQLite file or postgresql:// URL (default: %1).")
                                    .arg(ConsoleSettings::defaultDatabase()),
                                QStringLiteral("PATH|URL"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QApplication::translate("main", "Fly N simulated banners in this process."),
                                  QStringLiteral("N"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Save the window to FILE once the fleet has settled, then quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QApplication::translate("main", "Serve remote clients (web, simulator) on ADDRESS:PORT for this run; off unless given here or in Settings."),
                                    QStringLiteral("ADDRESS"));
    const QCommandLineOption goTo(QStringLiteral("goto"),
                                  QApplication::translate("main", "Once the fleet is up, go to PLACE: an entry of the map's Go to list (a beach, a continent, \"Whole fleet\"), by its first letters."),
                                  QStringLiteral("PLACE"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QApplication::translate("main", "light or dark, for this run."), QStringLiteral("THEME"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QApplication::translate("main", "Open the window at WIDTHxHEIGHT, for this run."),
                                  QStringLiteral("WxH"));
    parser.addOptions({db, demo, screenshot, listen, goTo, theme, size});
    parser.process(app);

    // The command line overrides the saved settings for this run only.
    QSettings storage;
    const ConsoleSettings stored = ConsoleSettings::load(storage);
    ConsoleSettings settings = stored;
    if (parser.isSet(db))
        settings.database = parser.value(db);
    if (parser.isSet(listen))
        settings.listenAddress = parser.value(listen);
    if (parser.isSet(demo)) {
        bool ok = false;
        const int banners = parser.value(demo).toInt(&ok);
        if (!ok || banners < 0 || banners > 1'000'000) {
            std::fprintf(stderr, "--demo takes a number of banners from 0 to 1000000\n");
            return 2;
        }
        settings.demoFleetSize = banners;
    }

    if (parser.isSet(theme)) {
        const QString name = parser.value(theme).toLower();
        if (name != QLatin1String("light") && name != QLatin1String("dark")) {
            std::fprintf(stderr, "--theme takes light or dark\n");
            return 2;
        }
        settings.darkTheme = name == QLatin1String("dark");
    }
    QSize windowSize;
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).toLower().split(QLatin1Char('x'));
        if (parts.size() == 2)
            windowSize = QSize(parts[0].toInt(), parts[1].toInt());
        if (windowSize.width() < 320 || windowSize.height() < 240) {
            std::fprintf(stderr, "--size takes WIDTHxHEIGHT, at least 320x240\n");
            return 2;
        }
    }

    MainWindow window(settings, stored);
    if (windowSize.isValid())
        window.resize(windowSize);
    if (parser.isSet(goTo)) {
        const QString place = parser.value(goTo);
        // Two seconds after the fleet flies its positions are in: "Whole fleet" has something to frame.
        QObject::connect(&window, &MainWindow::fleetReady, &window, [&window, place] {
            QTimer::singleShot(2000, &window, [&window, place] {
                if (!window.jumpList()->jumpTo(place))
                    std::fprintf(stderr, "--goto: no place \"%s\" to go to\n", qPrintable(place));
            });
        }, Qt::SingleShotConnection);
    }
    int exitCode = 0;
    if (parser.isSet(screenshot)) {
        // 8 s after the demo fleet flies: positions, queues and charts have filled in.
        window.saveScreenshotWhenSettled(parser.value(screenshot), 8000);
        QObject::connect(&window, &MainWindow::screenshotSaved, &window, [&](const QString &, bool ok) {
            exitCode = ok ? 0 : 1;
            window.close();
        });
    }
    window.show();
    window.start();
    const int code = QApplication::exec();
    return code != 0 ? code : exitCode;
}
