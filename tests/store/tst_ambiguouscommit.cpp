#include "CommitCutter.h"
#include "Store.h"
#include "TestDatabase.h"

#include <QMutex>
#include <QTest>
#include <QUrl>

using namespace airdisplay;

namespace {

// Everything a batch writes: a state, an event, and a reminder the scheduler would load.
WriteBatch bannerChange(const QString &actorId)
{
    WriteBatch batch;
    batch.putState(QStringLiteral("banner"), actorId, 0, "state");
    batch.appendEvent(1, 1, QStringLiteral("message_displaying"), "{}", 1);
    Reminder end;
    end.actorType = QStringLiteral("banner");
    end.actorId = actorId;
    end.name = QStringLiteral("end:1");
    end.dueMs = 1000;
    batch.upsertReminder(end);
    return batch;
}

} // namespace

// A COMMIT whose connection drops has an unknown outcome on PostgreSQL: the server may have
// committed. The writer asks the server on a new connection before anyone is answered, so callers,
// published events and the reminder observer follow what really committed.
class tst_AmbiguousCommit : public QObject
{
    Q_OBJECT

private:
    struct Harness
    {
        std::unique_ptr<CommitCutter> cutter;
        std::unique_ptr<Store> store;
        QMutex mutex;
        QList<ReminderChange> observed;
    };

    // The test database's URL, through a CommitCutter.
    static bool openThroughCutter(const TestDatabase &db, Harness &h)
    {
        QUrl url(db.location());
        h.cutter = std::make_unique<CommitCutter>(url.host(), quint16(url.port(5432)));
        if (h.cutter->port() == 0)
            return false;
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(h.cutter->port());
        h.store = std::make_unique<Store>();
        if (h.store->open(url.toString()).isError())
            return false;
        h.store->setReminderObserver([&h](const QList<ReminderChange> &changes) {
            QMutexLocker locker(&h.mutex);
            h.observed += changes;
        });
        return true;
    }

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }

    void aCommitWhoseAnswerWasLostCountsAsCommitted()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        if (!db.isPostgres())
            QSKIP("SQLite's COMMIT has no unknown outcome");
        Harness h;
        QVERIFY(openThroughCutter(db, h));
        h.cutter->arm(CommitCutter::Cut::AfterServerCommitted);
        const WriteResult written = h.store->write(bannerChange(QStringLiteral("1")));
        QCOMPARE(h.cutter->cuts(), 1);
        QVERIFY2(written.ok(), qPrintable(written.error.message()));
        QCOMPARE(written.events.size(), 1);
        QVERIFY(written.events.first().globalSeq > 0);
        {
            // Told before the caller was answered, as after any commit.
            QMutexLocker locker(&h.mutex);
            QCOMPARE(h.observed.size(), 1);
        }
        const auto events = h.store->eventsSince(0, 10);
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().globalSeq, written.events.first().globalSeq);
        // And the writer goes on, on its new connection.
        QVERIFY(h.store->write(WriteBatch().appendEvent(1, 2, QStringLiteral("e"), "{}", 2)).ok());
    }

    void aCommitTheServerNeverSawCountsAsFailed()
    {
        AIRDISPLAY_TEST_DATABASE(db);
        if (!db.isPostgres())
            QSKIP("SQLite's COMMIT has no unknown outcome");
        Harness h;
        QVERIFY(openThroughCutter(db, h));
        h.cutter->arm(CommitCutter::Cut::BeforeServerSeesIt);
        const WriteResult written = h.store->write(bannerChange(QStringLiteral("1")));
        QCOMPARE(h.cutter->cuts(), 1);
        QVERIFY(!written.ok());
        QVERIFY(written.events.isEmpty());
        {
            // The observer is told before callers are answered: by now it would have been.
            QMutexLocker locker(&h.mutex);
            QVERIFY(h.observed.isEmpty());
        }
        const auto events = h.store->eventsSince(0, 10);
        QVERIFY(events.ok());
        QVERIFY(events->isEmpty());
        QVERIFY(h.store->write(WriteBatch().appendEvent(1, 1, QStringLiteral("e"), "{}", 1)).ok());
    }
};

QTEST_GUILESS_MAIN(tst_AmbiguousCommit)
#include "tst_ambiguouscommit.moc"
