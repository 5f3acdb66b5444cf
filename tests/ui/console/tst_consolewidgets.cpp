#include "ActionConfirmationDialog.h"
#include "BannerPanel.h"
#include "ConsoleSettings.h"
#include "DispatcherActions.h"
#include "FleetEngine.h"
#include "FleetFeed.h"
#include "MessageQueueModel.h"
#include "MessageQueueView.h"
#include "RejectReasonDialog.h"
#include "ReviewInbox.h"
#include "SettingsDialog.h"
#include "UndoBar.h"

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
#include <QFont>
#include <QListWidget>

#include <algorithm>
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

    bool open(FleetPolicy policy = {})
    {
        FleetEngineOptions options;
        options.actors.workers = 2;
        options.policy = policy;
        engine = std::make_unique<FleetEngine>(options);
        if (engine->open(dir.filePath(QStringLiteral("fleet.sqlite"))).isError())
            return false;
        if (!engine->registerBanners({{1, QStringLiteral("ALPHA"), 0}, {2, QStringLiteral("BRAVO"), 0}}).result().ok())
            return false;
        feed = std::make_unique<FleetFeed>(engine.get());
        QObject::connect(feed.get(), &FleetFeed::queuesChanged, &model, &MessageQueueModel::apply);
        QObject::connect(feed.get(), &FleetFeed::eventsLogged, &model, [this](const QList<EventLogEntry> &entries) { logged += entries; });
        feed->start();
        // Commands at once unless a test asks for the undo window.
        actions.setUndoWindow(0);
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
    std::optional<BannerMessage> waiting(qint64 banner, qint64 messageId)
    {
        const auto state = engine->bannerState(banner).result();
        for (const BannerMessage &m : state ? state->queue : QList<BannerMessage>()) {
            if (m.id == messageId)
                return m;
        }
        return std::nullopt;
    }
    QList<EventLogEntry> logged;
    ~Fleet()
    {
        actions.setEngine(nullptr);
        feed.reset();
        if (engine)
            engine->shutdown();
    }
};

qint64 selectedMessage(QTableView *table)
{
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().data(MessageQueueModel::MessageIdRole).toLongLong() : 0;
}

void selectMessage(QTableView *table, qint64 messageId)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data(MessageQueueModel::MessageIdRole).toLongLong() == messageId)
            table->selectionModel()->select(table->model()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

// Answers the next modal dialog (from a timer, as exec() blocks).
template<typename Dialog, typename Fn>
void answerDialog(QObject *context, Fn fn)
{
    QTimer::singleShot(0, context, [fn] {
        auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        fn(dialog);
    });
}

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

    // The review inbox counts what waits for review, walks it with J and K (selecting each banner
    // through the view's selection), and approve-and-next approves one and selects the next.
    void reviewInboxCountsWalksAndApprovesAndNext()
    {
        Fleet fleet;
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        QVERIFY(fleet.open(policy));
        MessageQueueView view(&fleet.model, &fleet.actions);
        ReviewInbox inbox(&view, &fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(inbox.toggleAction()->text(), QStringLiteral("Review (0)"));
        const qint64 a = fleet.submit(1, QStringLiteral("FIRST FOR REVIEW"));
        const qint64 b = fleet.submit(1, QStringLiteral("SECOND FOR REVIEW"));
        const qint64 c = fleet.submit(2, QStringLiteral("THIRD FOR REVIEW"));
        QTRY_COMPARE(inbox.count(), 3);
        QCOMPARE(inbox.toggleAction()->text(), QStringLiteral("Review (3)"));

        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view)); // the keys are shortcuts
        QSignalSpy banners(&view, &MessageQueueView::bannersSelected);
        inbox.toggleAction()->setChecked(true);
        QTableView *table = view.table();
        QCOMPARE(table->model()->rowCount(), 3);
        // The view's order (by the countdown column, then as submitted): walk it down and back up.
        QList<qint64> order;
        for (int row = 0; row < 3; ++row)
            order << table->model()->index(row, 0).data(MessageQueueModel::MessageIdRole).toLongLong();
        QCOMPARE(QSet<qint64>(order.begin(), order.end()), (QSet<qint64>{a, b, c}));
        QCOMPARE(selectedMessage(table), order.at(0));
        QVERIFY(!banners.isEmpty());
        QTest::keyClick(table, Qt::Key_J);
        QCOMPARE(selectedMessage(table), order.at(1));
        QCOMPARE(banners.last().first().value<QList<qint64>>(), QList<qint64>{BannerState::bannerOfMessage(order.at(1))});
        QTest::keyClick(table, Qt::Key_J);
        QCOMPARE(selectedMessage(table), order.at(2));
        QVERIFY(!inbox.select(1)); // the last one: nothing after it
        QTest::keyClick(table, Qt::Key_K);
        QCOMPARE(selectedMessage(table), order.at(1));

        // A: approve this one (the engine queues it) and go on to the next.
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(selectedMessage(table), order.at(2));
        const qint64 approved = order.at(1);
        QTRY_VERIFY(fleet.waiting(BannerState::bannerOfMessage(approved), approved).has_value()
                    && fleet.waiting(BannerState::bannerOfMessage(approved), approved)->status == BannerMessage::Status::Queued);
        QTRY_COMPARE(inbox.count(), 2);
        QCOMPARE(inbox.toggleAction()->text(), QStringLiteral("Review (2)"));
        // The inbox shows only what waits: the approved one left it.
        QTRY_COMPARE(table->model()->rowCount(), 2);
        inbox.toggleAction()->setChecked(false);
        QCOMPARE(table->model()->rowCount(), 3);
    }

    // Reject asks why; the reason picked or written reaches the engine's event (what the customer
    // sees). It is held for undo like a removal, greyed while held.
    void rejectSendsTheReasonAfterTheUndoWindow()
    {
        Fleet fleet;
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        QVERIFY(fleet.open(policy));
        fleet.actions.setUndoWindow(300);
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 id = fleet.submit(1, QStringLiteral("CALL 555 0100"));
        QTRY_COMPARE(fleet.model.rowCount(), 1);
        selectMessage(view.table(), id);
        QVERIFY(view.action(DispatcherActions::Action::Reject)->isEnabled());

        const QString common = RejectReasonDialog::commonReasons().at(1);
        QStringList listed;
        answerDialog<RejectReasonDialog>(this, [&](RejectReasonDialog *dialog) {
            listed = dialog->targets();
            dialog->commonReasonList()->setCurrentRow(1); // picking one fills the text
            QCOMPARE(dialog->reasonEdit()->text(), common);
            dialog->reasonEdit()->setText(dialog->reasonEdit()->text() + QStringLiteral(" (phone numbers)  "));
            dialog->accept();
        });
        view.action(DispatcherActions::Action::Reject)->trigger();
        QCOMPARE(listed.size(), 1);
        QVERIFY(listed.first().contains(QStringLiteral("CALL 555 0100")));
        // Held: pending in the view, still held for review in the engine, the bar offers Undo.
        QVERIFY(fleet.model.isPending(id));
        QVERIFY(fleet.model.index(fleet.model.rowOfMessage(id), 0).data(Qt::FontRole).value<QFont>().strikeOut());
        QVERIFY(view.undoBar()->isVisible());
        QCOMPARE(view.undoBar()->label()->text(), QStringLiteral("Message rejected — sent in a few seconds"));
        QCOMPARE(fleet.waiting(1, id)->status, BannerMessage::Status::Held);

        const QString expected = common + QStringLiteral(" (phone numbers)");
        QTRY_COMPARE(fleet.model.rowOfMessage(id), -1);
        QTRY_VERIFY(std::any_of(fleet.logged.cbegin(), fleet.logged.cend(), [&](const EventLogEntry &e) {
            return e.type == QStringLiteral("message_rejected") && e.detail.endsWith(QStringLiteral(": ") + expected);
        }));
        QVERIFY(!fleet.waiting(1, id));
        QVERIFY(!view.undoBar()->isVisible());

        // Cancelled: nothing is held or sent.
        const qint64 other = fleet.submit(1, QStringLiteral("KEEP ME"));
        QTRY_VERIFY(fleet.model.rowOfMessage(other) >= 0);
        selectMessage(view.table(), other);
        answerDialog<RejectReasonDialog>(this, [](RejectReasonDialog *dialog) { dialog->reject(); });
        view.action(DispatcherActions::Action::Reject)->trigger();
        QVERIFY(fleet.actions.heldCommands().isEmpty());
    }

    // Undo within the window leaves the message queued; without undo the removal happens once the
    // window has passed, not before.
    void undoWithinTheWindowKeepsTheMessage()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        fleet.actions.setUndoWindow(400);
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 kept = fleet.submit(1, QStringLiteral("UNDO ME"));
        const qint64 gone = fleet.submit(1, QStringLiteral("REMOVE ME"));
        QTRY_COMPARE(fleet.model.rowCount(), 2);
        auto remove = [&](qint64 id) {
            selectMessage(view.table(), id);
            answerDialog<ActionConfirmationDialog>(this, [](ActionConfirmationDialog *dialog) { dialog->accept(); });
            view.action(DispatcherActions::Action::Remove)->trigger();
        };

        remove(kept);
        QVERIFY(fleet.model.index(fleet.model.rowOfMessage(kept), 0).data(MessageQueueModel::PendingRole).toBool());
        QCOMPARE(view.undoBar()->label()->text(), QStringLiteral("Message removed — sent in a few seconds"));
        // A pending row takes no second command.
        QVERIFY(!view.action(DispatcherActions::Action::Remove)->isEnabled());
        // Shortcuts need an active window; the confirmation dialog had it last.
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        QTest::keyClick(view.table(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(fleet.actions.heldCommands().isEmpty());
        QVERIFY(!fleet.model.isPending(kept));
        QVERIFY(!view.undoBar()->isVisible());

        // Removed later than the undone one would have been: once it is gone, the undone one's
        // window has passed too, and it is still queued.
        remove(gone);
        QCOMPARE(fleet.queued(1), 2); // held, not sent
        QTRY_COMPARE(fleet.queued(1), 1);
        QTRY_COMPARE(fleet.model.rowOfMessage(gone), -1);
        QVERIFY(fleet.waiting(1, kept).has_value());
        QVERIFY(fleet.model.rowOfMessage(kept) >= 0);
    }

    // Closing the session (the engine goes) sends what is still held: the dispatcher's intent stands.
    void closingTheSessionSendsHeldCommands()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        fleet.actions.setUndoWindow(60'000);
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 first = fleet.submit(1, QStringLiteral("FIRST"));
        const qint64 second = fleet.submit(1, QStringLiteral("SECOND"));
        const qint64 third = fleet.submit(1, QStringLiteral("THIRD"));
        QTRY_COMPARE(fleet.model.rowCount(), 3);
        selectMessage(view.table(), third);
        view.action(DispatcherActions::Action::MoveUp)->trigger(); // one move needs no confirmation
        selectMessage(view.table(), first);
        answerDialog<ActionConfirmationDialog>(this, [](ActionConfirmationDialog *dialog) { dialog->accept(); });
        view.action(DispatcherActions::Action::Remove)->trigger();
        QCOMPARE(fleet.actions.heldCommands().size(), 2);
        QCOMPARE(view.undoBar()->label()->text(), QStringLiteral("Message removed — 1 more waiting to be sent"));
        QCOMPARE(fleet.queued(1), 3);

        fleet.actions.setEngine(nullptr);
        QVERIFY(fleet.actions.heldCommands().isEmpty());
        QTRY_COMPARE(fleet.queued(1), 1 + 1);
        const auto state = fleet.engine->bannerState(1).result();
        QVERIFY(state);
        QCOMPARE(state->queue.at(0).id, third);
        QCOMPARE(state->queue.at(1).id, second);
    }

    // Show now asks first (it interrupts what is on air); on a banner without a device it puts the
    // message first in line.
    void showNowConfirmsAndSends()
    {
        Fleet fleet;
        QVERIFY(fleet.open());
        MessageQueueView view(&fleet.model, &fleet.actions);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        fleet.submit(1, QStringLiteral("ROUTINE"));
        const qint64 urgent = fleet.submit(1, QStringLiteral("STORM: LEAVE THE WATER"));
        QTRY_COMPARE(fleet.model.rowCount(), 2);
        view.table()->selectAll();
        QVERIFY(!view.action(DispatcherActions::Action::ShowNow)->isEnabled()); // one at a time
        selectMessage(view.table(), urgent);
        QVERIFY(view.action(DispatcherActions::Action::ShowNow)->isEnabled());
        QString question;
        answerDialog<ActionConfirmationDialog>(this, [&](ActionConfirmationDialog *dialog) {
            question = dialog->question();
            dialog->accept();
        });
        view.action(DispatcherActions::Action::ShowNow)->trigger();
        QVERIFY2(question.contains(QStringLiteral("interrupts")), qPrintable(question));
        QTRY_COMPARE(fleet.engine->bannerState(1).result()->queue.first().id, urgent);
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
