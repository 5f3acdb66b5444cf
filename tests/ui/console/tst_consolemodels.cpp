#include "EventLogFilter.h"
#include "EventLogModel.h"
#include "MessageQueueFilter.h"
#include "MessageQueueModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace airdisplay;

namespace {

QueuedMessage message(qint64 banner, qint64 id, int position, const QString &text,
                      BannerMessage::Status status = BannerMessage::Status::Queued)
{
    QueuedMessage m;
    m.bannerId = banner;
    m.messageId = id;
    m.callsign = QStringLiteral("BNR-%1").arg(banner);
    m.position = position;
    m.text = text;
    m.author = QStringLiteral("author-%1").arg(id);
    m.status = status;
    m.submittedMs = 1000 * id;
    m.startsAtMs = position > 0 && status == BannerMessage::Status::Queued ? 10'000 + 60'000 * position : 0;
    m.endsAtMs = position == 0 ? 50'000 : 0;
    return m;
}

EventLogEntry logEntry(qint64 seq, qint64 banner, const QString &type, EventLogEntry::Severity severity)
{
    EventLogEntry e;
    e.globalSeq = seq;
    e.bannerId = banner;
    e.atMs = seq * 10;
    e.type = type;
    e.severity = severity;
    e.detail = QStringLiteral("event %1").arg(seq);
    return e;
}

} // namespace

class tst_ConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    // A waiting message whose estimated start passed long ago is overdue, not "starting" for ever.
    void aLateStartReadsOverdue()
    {
        qint64 now = 100'000;
        MessageQueueModel model;
        model.setClock([&now] { return now; });
        QueuedMessage m = message(1, 11, 1, QStringLiteral("LATE"));
        m.bannerLinkUp = true;
        m.startsAtMs = 100'000 + 30'000;
        model.apply({BannerQueueUpdate{1, {m}}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.countdownText(model.message(0)), QStringLiteral("starts in 0:30"));
        now += 35'000;
        QCOMPARE(model.countdownText(model.message(0)), QStringLiteral("starting"));
        now += 10 * 60'000;
        QCOMPARE(model.countdownText(model.message(0)), QStringLiteral("overdue by 10:05"));
    }

    // A sorting proxy re-sorts on every dataChanged: rows changed by one update are told in one.
    // The view sorts through a QSortFilterProxyModel, which re-sorts every row a dataChanged covers:
    // a few changed rows are told as their own runs (never a range over rows that did not change), a
    // busy update as one layout change.
    void queueModelTellsOnlyTheRowsThatChanged()
    {
        MessageQueueModel model;
        model.setClock([] { return qint64(20'000); });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<BannerQueueUpdate> fleet;
        for (qint64 banner = 1; banner <= 200; ++banner)
            fleet.append({banner, {message(banner, banner * 10, 1, QStringLiteral("WAITING"))}});
        model.apply(fleet);
        QCOMPARE(model.rowCount(), 200);
        // As the view sees it: sorted by position through the queue's filter.
        MessageQueueFilter sorted;
        sorted.setSourceModel(&model);
        sorted.sort(MessageQueueModel::PositionColumn, Qt::AscendingOrder);
        QAbstractItemModelTester sortedTester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy relaid(&model, &QAbstractItemModel::layoutChanged);

        // A few: rows 3, 17, 18 and 42 (two runs next to each other are one).
        QList<BannerQueueUpdate> few;
        for (qint64 banner : {4, 18, 19, 43})
            few.append({banner, {message(banner, banner * 10, 2, QStringLiteral("WAITING"))}});
        model.apply(few);
        QCOMPARE(relaid.size(), 0);
        QCOMPARE(changed.size(), 3);
        QSet<int> told;
        for (const QList<QVariant> &signal : changed) {
            const QModelIndex first = signal.at(0).value<QModelIndex>();
            const QModelIndex last = signal.at(1).value<QModelIndex>();
            QCOMPARE(first.column(), 0);
            QCOMPARE(last.column(), MessageQueueModel::ColumnCount - 1);
            for (int row = first.row(); row <= last.row(); ++row)
                told.insert(row);
        }
        QSet<int> expected;
        for (qint64 id : {40, 180, 190, 430})
            expected.insert(model.rowOfMessage(id));
        QCOMPARE(told, expected);
        for (qint64 id : {40, 180, 190, 430})
            QCOMPARE(model.index(model.rowOfMessage(id), MessageQueueModel::PositionColumn).data().toString(), QStringLiteral("2"));

        // Many: every fifth banner, 40 runs.
        changed.clear();
        QList<BannerQueueUpdate> many;
        for (qint64 banner = 1; banner <= 200; banner += 5)
            many.append({banner, {message(banner, banner * 10, 3, QStringLiteral("WAITING"))}});
        model.apply(many);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(relaid.size(), 1);
        for (qint64 banner = 1; banner <= 200; banner += 5)
            QCOMPARE(model.index(model.rowOfMessage(banner * 10), MessageQueueModel::PositionColumn).data().toString(), QStringLiteral("3"));
        // The proxy sorted again once: 40 rows at position 3 last, the 4 at 2 before them.
        QCOMPARE(sorted.rowCount(), 200);
        const auto positionAt = [&](int row) { return sorted.index(row, MessageQueueModel::PositionColumn).data().toString(); };
        for (int row = 160; row < 200; ++row)
            QCOMPARE(positionAt(row), QStringLiteral("3"));
        QCOMPARE(positionAt(159), QStringLiteral("2"));
        QCOMPARE(positionAt(0), QStringLiteral("1"));

        // Scattered removals the same way: every fifth banner's queue empties, 40 runs. The rows that
        // stay keep their persistent indexes (a view's selection), the removed ones lose theirs.
        QSignalSpy removedRows(&model, &QAbstractItemModel::rowsRemoved);
        relaid.clear();
        const QPersistentModelIndex kept = model.index(model.rowOfMessage(1990), MessageQueueModel::TextColumn);
        const QPersistentModelIndex gone = model.index(model.rowOfMessage(1960), MessageQueueModel::TextColumn);
        QList<BannerQueueUpdate> emptied;
        for (qint64 banner = 1; banner <= 200; banner += 5)
            emptied.append(BannerQueueUpdate{banner, QList<QueuedMessage>{}});
        model.apply(emptied);
        QCOMPARE(removedRows.size(), 0);
        QCOMPARE(relaid.size(), 1);
        QCOMPARE(model.rowCount(), 160);
        QCOMPARE(sorted.rowCount(), 160);
        QVERIFY(!gone.isValid());
        QVERIFY(kept.isValid());
        QCOMPARE(kept.row(), model.rowOfMessage(1990));
        QCOMPARE(kept.data(MessageQueueModel::MessageIdRole).toLongLong(), 1990);
        QCOMPARE(model.rowOfMessage(1960), -1);
    }

    void queueModelFollowsUpdates()
    {
        MessageQueueModel model;
        model.setClock([] { return qint64(20'000); });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MessageQueueFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.sort(MessageQueueModel::CountdownColumn);
        QSignalSpy changed(&model, &MessageQueueModel::bannerQueueChanged);

        model.apply({{1, {message(1, 11, 0, QStringLiteral("ON AIR"), BannerMessage::Status::Displaying),
                          message(1, 12, 1, QStringLiteral("NEXT")), message(1, 13, 2, QStringLiteral("LATER"))}},
                     {2, {message(2, 21, 1, QStringLiteral("HELD"), BannerMessage::Status::Held)}}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(model.messagesOfBanner(1).size(), 3);
        QCOMPARE(model.messagesOfBanner(1).first().messageId, 11);
        const QModelIndex onAir = model.index(model.rowOfMessage(11), MessageQueueModel::CountdownColumn);
        QCOMPARE(onAir.data().toString(), QStringLiteral("ends in 0:30"));
        const QModelIndex next = model.index(model.rowOfMessage(12), MessageQueueModel::CountdownColumn);
        QCOMPARE(next.data().toString(), QStringLiteral("starts in 0:50"));
        QCOMPARE(model.index(model.rowOfMessage(21), MessageQueueModel::CountdownColumn).data().toString(),
                 QStringLiteral("awaiting review"));
        // Sorted by countdown: what ends or starts first on top, what cannot start last.
        QCOMPARE(filter.index(0, 0).data(MessageQueueModel::MessageIdRole).toLongLong(), 11);
        QCOMPARE(filter.index(3, 0).data(MessageQueueModel::MessageIdRole).toLongLong(), 21);

        // Banner 1's head ended, the next one went on air; banner 2's message was approved.
        model.apply({{1, {message(1, 12, 0, QStringLiteral("NEXT"), BannerMessage::Status::Sent),
                          message(1, 13, 1, QStringLiteral("LATER"))}},
                     {2, {message(2, 21, 1, QStringLiteral("HELD"))}}});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOfMessage(11), -1);
        QCOMPARE(model.message(model.rowOfMessage(12)).position, 0);
        QCOMPARE(model.index(model.rowOfMessage(12), MessageQueueModel::PositionColumn).data().toString(),
                 QStringLiteral("on air"));

        filter.setStatus(BannerMessage::Status::Queued);
        QCOMPARE(filter.rowCount(), 2);
        filter.setStatus(std::nullopt);
        filter.setText(QStringLiteral("later"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.setBannerFilter(true, {2});
        QCOMPARE(filter.rowCount(), 1);
        filter.setBannerFilter(false, {});

        model.apply({{1, {}}, {2, {}}});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.messagesOfBanner(1).isEmpty());
        model.apply({{3, {message(3, 31, 1, QStringLiteral("AGAIN"))}}});
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void eventLogIsBounded()
    {
        EventLogModel model(10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        EventLogFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QList<EventLogEntry> first;
        for (int i = 1; i <= 7; ++i)
            first.append(logEntry(i, i % 2 ? 1 : 2, QStringLiteral("message_queued"), EventLogEntry::Severity::Info));
        model.append(first);
        QList<EventLogEntry> second;
        for (int i = 8; i <= 14; ++i)
            second.append(logEntry(i, 3, QStringLiteral("device_disconnected"), EventLogEntry::Severity::Warning));
        model.append(second);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.entry(0).globalSeq, 5); // the oldest went
        QCOMPARE(model.entry(9).globalSeq, 14);

        filter.setBanner(3);
        QCOMPARE(filter.rowCount(), 7);
        filter.setBanner(0);
        filter.setType(QStringLiteral("message_queued"));
        QCOMPARE(filter.rowCount(), 3);
        filter.setType({});
        filter.setMinimumSeverity(EventLogEntry::Severity::Warning);
        QCOMPARE(filter.rowCount(), 7);
        filter.setMinimumSeverity(EventLogEntry::Severity::Error);
        QCOMPARE(filter.rowCount(), 0);

        // More than the capacity at once: the newest are kept.
        QList<EventLogEntry> burst;
        for (int i = 100; i < 130; ++i)
            burst.append(logEntry(i, 4, QStringLiteral("device_connected"), EventLogEntry::Severity::Info));
        model.append(burst);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.entry(0).globalSeq, 120);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_ConsoleModels)
#include "tst_consolemodels.moc"
