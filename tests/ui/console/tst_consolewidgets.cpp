#include "ActionConfirmationDialog.h"
#include "BannerPanel.h"
#include "ConsoleSettings.h"
#include "DispatcherActions.h"
#include "FleetEngine.h"
#include "FleetFeed.h"
#include "MessageQueueModel.h"
#include "MessageQueueView.h"
#include "SettingsDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTreeWidget>
#include <QDialogButtonBox>
#include <QAction>
#include <QTemporaryDir>
#include <QDateTime>
#include <QtTest>

using namespace airdisplay;

namespace {

// A real engine on a fresh SQLite file, the feed the console runs, and the queue model it fills.
// No device is connected, so what is submitted stays in the queue.
struct Fleet
{
    QTemporaryDir dir;
    std::unique_ptr<FleetEngine> engine;
    std::unique_ptr<FleetFeed> feed;
    MessageQueueModel model;
    DispatcherActions actions;

    bool open()
    {
        FleetEngineOptions options;
        options.actors.workers = 2;
        engine = std::make_unique<FleetEngine>(options);
        if (engine->open(dir.filePath(QStringLiteral("fleet.sqlite"))).isError())
            return false;
        if (!engine->registerBanners({{1, QStringLiteral("ALPHA"), 0}, {2, QStringLiteral("BRAVO"), 0}}).result().ok())
            return false;
        feed = std::make_unique<FleetFeed>(engine.get());
        QObject::connect(feed.get(), &FleetFeed::queuesChanged, &model, &MessageQueueModel::apply);
        feed->start();
        actions.setEngine(engine.get());
        return true;
    }
    qint64 submit(qint64 banner, const QString &text)
    {
        static int request = 0;
        const FleetResult r = engine->execute(banner, command::Submit{text, QString::number(++request)}, QStringLiteral("customer")).result();
        return r.ok() ? r.messageId : 0;
    }
    int queued(qint64 banner)
    {
        const auto state = engine->bannerState(banner).result();
        return state ? int(state->queue.size()) : -1;
    }
    ~Fleet()
    {
        actions.setEngine(nullptr);
        feed.reset();
        if (engine)
            engine->shutdown();
    }
};

QRect rowRect(QTableView *table, int row)
{
    return table->visualRect(table->model()->index(row, MessageQueueModel::TextColumn));
}

} // namespace

class tst_ConsoleWidgets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AirDisplayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consolewidgets"));
    }

    void clickOnQueueRowSelectsBanner()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        QAbstractItemModelTester tester(&fleet.model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QVERIFY(fleet.submit(1, QStringLiteral("FIRST FOR ALPHA")) != 0);
        QVERIFY(fleet.submit(2, QStringLiteral("FIRST FOR BRAVO")) != 0);
        QTRY_COMPARE(fleet.model.rowCount(), 2);

        QSignalSpy selected(&view, &MessageQueueView::bannersSelected);
        QTableView *table = view.table();
        int bravoRow = -1;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            if (table->model()->index(row, 0).data(MessageQueueModel::BannerIdRole).toLongLong() == 2)
                bravoRow = row;
        }
        QVERIFY(bravoRow >= 0);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rowRect(table, bravoRow).center());
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().first().value<QList<qint64>>(), QList<qint64>{2});

        // And back: the map selects banner 1, the view selects its row without echoing it.
        view.setSelectedBanners({1});
        QCOMPARE(selected.size(), 1);
        QCOMPARE(view.selectedTargets().size(), 1);
        QCOMPARE(view.selectedTargets().first().bannerId, 1);
    }

    void removalWithConfirmationLeavesTheQueue()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(fleet.submit(1, QStringLiteral("REMOVE ME")) != 0);
        QVERIFY(fleet.submit(2, QStringLiteral("REMOVE ME TOO")) != 0);
        QVERIFY(fleet.submit(2, QStringLiteral("KEEP ME")) != 0);
        QTRY_COMPARE(fleet.model.rowCount(), 3);

        // Select the two messages to remove.
        QTableView *table = view.table();
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            if (table->model()->index(row, MessageQueueModel::TextColumn).data().toString().startsWith(QStringLiteral("REMOVE")))
                table->selectionModel()->select(table->model()->index(row, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(view.selectedTargets().size(), 2);
        QVERIFY(view.action(DispatcherActions::Action::Remove)->isEnabled());

        QStringList listed;
        QTimer::singleShot(0, this, [&listed] {
            auto *dialog = qobject_cast<ActionConfirmationDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            listed = dialog->targets();
            dialog->accept();
        });
        view.action(DispatcherActions::Action::Remove)->trigger();
        QCOMPARE(listed.size(), 2);
        QVERIFY(listed.join(QLatin1Char('\n')).contains(QStringLiteral("REMOVE ME TOO")));

        QTRY_COMPARE(fleet.model.rowCount(), 1);
        QCOMPARE(fleet.model.message(0).text, QStringLiteral("KEEP ME"));
        QCOMPARE(fleet.queued(1), 0);
        QCOMPARE(fleet.queued(2), 1);

        // Cancelled confirmation: nothing changes.
        table->selectAll();
        QTimer::singleShot(0, this, [] {
            if (QWidget *dialog = QApplication::activeModalWidget())
                qobject_cast<QDialog *>(dialog)->reject();
        });
        view.action(DispatcherActions::Action::Remove)->trigger();
        QTest::qWait(200);
        QCOMPARE(fleet.queued(2), 1);
        QCOMPARE(fleet.model.rowCount(), 1);
    }

    // Move down is offered only where there is a place below; the confirmation reads as English for
    // one message and for several ("Remove this message?", not "these 1 message(s)?").
    void movesAndConfirmationsFitTheSelection()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (const char *text : {"FIRST", "SECOND", "LAST"})
            QVERIFY(fleet.submit(1, QLatin1String(text)) != 0);
        QTRY_COMPARE(fleet.model.rowCount(), 3);
        QTableView *table = view.table();
        auto select = [&](const QStringList &texts) {
            table->clearSelection();
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                if (texts.contains(table->model()->index(row, MessageQueueModel::TextColumn).data().toString()))
                    table->selectionModel()->select(table->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
            }
        };
        QAction *down = view.action(DispatcherActions::Action::MoveDown);
        QAction *up = view.action(DispatcherActions::Action::MoveUp);
        select({QStringLiteral("LAST")});
        QVERIFY(!down->isEnabled());
        QVERIFY(up->isEnabled());
        select({QStringLiteral("FIRST")});
        QVERIFY(down->isEnabled());
        QVERIFY(!up->isEnabled());
        select({QStringLiteral("SECOND"), QStringLiteral("LAST")});
        QVERIFY(down->isEnabled()); // SECOND can go down; LAST is left where it is
        QCOMPARE(DispatcherActions::applicableTargets(DispatcherActions::Action::MoveDown, view.selectedTargets()).size(), 1);

        auto questionFor = [&](DispatcherActions::Action action) {
            QString question;
            QTimer::singleShot(0, this, [&question] {
                auto *dialog = qobject_cast<ActionConfirmationDialog *>(QApplication::activeModalWidget());
                if (!dialog)
                    return;
                question = dialog->question();
                dialog->reject();
            });
            view.action(action)->trigger();
            return question;
        };
        select({QStringLiteral("LAST")});
        QCOMPARE(questionFor(DispatcherActions::Action::Remove), QStringLiteral("Remove this message?"));
        select({QStringLiteral("FIRST"), QStringLiteral("LAST")});
        QCOMPARE(questionFor(DispatcherActions::Action::Remove), QStringLiteral("Remove these 2 messages?"));
        QCOMPARE(fleet.queued(1), 3);
    }

    void composeShowsEstimatedStartOrError()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        BannerPanel panel(&fleet.model, &fleet.actions);
        panel.resize(400, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setBanner(1);
        QTRY_VERIFY(panel.sendButton()->isEnabled());

        QTest::keyClicks(panel.composeEdit(), QStringLiteral("HELLO FROM DISPATCH"));
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        QTRY_VERIFY(panel.composeResult()->text().contains(QStringLiteral("position 1")));
        QVERIFY(panel.composeResult()->text().contains(QStringLiteral("estimated start")));
        QVERIFY(panel.composeEdit()->text().isEmpty());
        QTRY_COMPARE(panel.queueList()->topLevelItemCount(), 1);
        QCOMPARE(panel.queueList()->topLevelItem(0)->text(1), QStringLiteral("HELLO FROM DISPATCH"));
        const auto state = fleet.engine->bannerState(1).result();
        QVERIFY(state && state->queue.size() == 1 && state->queue.first().author == QStringLiteral("dispatcher"));

        // Too long for the policy: refused, in words, and the text stays for the dispatcher to fix.
        const QString tooLong(100, QLatin1Char('X'));
        panel.composeEdit()->setText(tooLong);
        QTest::keyClick(panel.composeEdit(), Qt::Key_Return);
        QTRY_VERIFY(panel.composeResult()->text().startsWith(QStringLiteral("Not accepted:")));
        QVERIFY(panel.composeResult()->text().size() > QStringLiteral("Not accepted: ").size() + 10);
        QCOMPARE(panel.composeEdit()->text(), tooLong);
        QCOMPARE(fleet.queued(1), 1);
    }

    // What the banner shows is the customer's text as written ("M & J", not "M &amp; J"), wrapped
    // whole, and its countdowns are the queue view's, second by second.
    void bannerPanelShowsTheTextAndTheQueueViewsCountdowns()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        fleet.model.setClock([&now] { return now; });
        QueuedMessage current;
        current.messageId = 1001;
        current.bannerId = 1;
        current.callsign = QStringLiteral("ALPHA");
        current.position = 0;
        current.text = QStringLiteral("M & J <b>WED</b> TODAY AT THE PIER, EVERYONE WELCOME, FREE ICE CREAM");
        current.status = BannerMessage::Status::Displaying;
        current.endsAtMs = now + 26'000;
        QueuedMessage next = current;
        next.messageId = 1002;
        next.position = 1;
        next.text = QStringLiteral("NEXT");
        next.status = BannerMessage::Status::Queued;
        next.endsAtMs = 0;
        next.startsAtMs = now + 26'000;
        fleet.model.apply({BannerQueueUpdate{1, {current, next}}});

        BannerPanel panel(&fleet.model, &fleet.actions);
        panel.resize(360, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setBanner(1);
        QLabel *showing = panel.showingLabel();
        QTRY_VERIFY(showing->text().contains(current.text));
        QVERIFY(!showing->text().contains(QStringLiteral("&amp;")));
        QCOMPARE(showing->textFormat(), Qt::PlainText);
        QVERIFY(showing->text().contains(fleet.model.countdownText(current)));
        // Wrapped onto several lines, and given the height they need.
        QTRY_VERIFY(showing->heightForWidth(showing->width()) > 2 * showing->fontMetrics().height());
        QTRY_VERIFY2(showing->height() >= showing->heightForWidth(showing->width()),
                     qPrintable(QStringLiteral("%1 px high, needs %2").arg(showing->height()).arg(showing->heightForWidth(showing->width()))));
        QCOMPARE(panel.queueList()->topLevelItemCount(), 2);
        QCOMPARE(panel.queueList()->topLevelItem(1)->text(2), fleet.model.countdownText(next));

        // Ten seconds later on the queue view's clock: the panel says what the queue view says.
        now += 10'000;
        QVERIFY(fleet.model.countdownText(next).contains(QStringLiteral("0:16")));
        QTRY_COMPARE(panel.queueList()->topLevelItem(1)->text(2), fleet.model.countdownText(next));
        QTRY_VERIFY(showing->text().contains(fleet.model.countdownText(current)));
    }

    void settingsAreSavedAndRestored()
    {
        QSettings settings;
        settings.clear();
        QCOMPARE(ConsoleSettings::load(settings), ConsoleSettings());

        ConsoleSettings wanted;
        wanted.database = QStringLiteral("postgresql://dispatch@db.example:5432/airdisplay");
        wanted.listenAddress = QStringLiteral("0.0.0.0:8443");
        wanted.tlsEnabled = true;
        wanted.tlsCertificate = QStringLiteral("/etc/airdisplay/cert.pem");
        wanted.tlsKey = QStringLiteral("/etc/airdisplay/key.pem");
        wanted.displayDurationSeconds = 45;
        wanted.maxTextLength = 80;
        wanted.queueLimit = 12;
        wanted.review = ReviewPolicy::Flagged;
        wanted.demoFleetSize = 500;
        wanted.darkTheme = false;

        SettingsDialog dialog(ConsoleSettings{});
        dialog.setSettings(wanted);
        QCOMPARE(dialog.settings(), wanted);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        connect(&dialog, &SettingsDialog::settingsApplied, this, [](const ConsoleSettings &s) {
            QSettings stored;
            s.save(stored);
        });
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Apply), Qt::LeftButton);
        QCOMPARE(applied.size(), 1);

        QSettings reread;
        const ConsoleSettings restored = ConsoleSettings::load(reread);
        QCOMPARE(restored, wanted);
        QVERIFY(restored.needsRestartComparedTo(ConsoleSettings{}));
        const FleetEngineOptions options = restored.engineOptions();
        QCOMPARE(options.policy.displayDurationMs, 45'000);
        QCOMPARE(options.policy.queueLimit, 12);
        QCOMPARE(options.policy.review, ReviewPolicy::Flagged);
        const auto gateway = restored.gatewayOptions();
        QVERIFY(gateway);
        QCOMPARE(gateway->port, 8443);
        QCOMPARE(gateway->tlsCertificatePath, wanted.tlsCertificate);

        // Only the theme changed: no reopening of the engine.
        ConsoleSettings themed = restored;
        themed.darkTheme = true;
        QVERIFY(!themed.needsRestartComparedTo(restored));
        settings.clear();
    }
};

QTEST_MAIN(tst_ConsoleWidgets)
#include "tst_consolewidgets.moc"
