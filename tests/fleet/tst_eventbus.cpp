#include "EventBus.h"
#include "Store.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <stdexcept>

using namespace airdisplay;

namespace {

// What a subscriber got, in order, from whichever thread delivered it.
struct Received
{
    QMutex mutex;
    QList<qint64> seqs;

    void add(const QList<EventRecord> &events)
    {
        QMutexLocker locker(&mutex);
        for (const EventRecord &e : events)
            seqs.append(e.globalSeq);
    }
    QList<qint64> all()
    {
        QMutexLocker locker(&mutex);
        return seqs;
    }
};

// Commits one event of banner 1 and publishes it, as the engine's write callbacks do.
qint64 commitAndPublish(Store &store, EventBus &bus, qint64 bannerSeq)
{
    const WriteResult written = store.write(WriteBatch().appendEvent(1, bannerSeq, QStringLiteral("e"), "{}", bannerSeq));
    if (!written.ok() || written.events.size() != 1)
        qFatal("the event was not committed: %s", qPrintable(written.error.message()));
    bus.publish(written.events);
    return written.events.first().globalSeq;
}

// Set when the bus logs a failed catch-up read: the moment the old code went live with a gap.
std::atomic<bool> g_catchUpFailed{false};
QtMessageHandler g_previousHandler = nullptr;

void watchMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("event catch-up after")))
        g_catchUpFailed = true;
    g_previousHandler(type, context, message);
}

} // namespace

class tst_EventBus : public QObject
{
    Q_OBJECT

private slots:
    void aFailedCatchUpReadLeavesNoGap()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bus.db"));
        Store store;
        QVERIFY(!store.open(path).isError());
        EventBus bus(store);
        QList<qint64> logged;
        for (int i = 1; i <= 5; ++i)
            logged.append(commitAndPublish(store, bus, i));

        // The log cannot be read for a while: the catch-up's read fails.
        const QString name = QStringLiteral("tst_eventbus-saboteur");
        {
            QSqlDatabase saboteur = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            saboteur.setDatabaseName(path);
            QVERIFY(saboteur.open());
            QSqlQuery q(saboteur);
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE events RENAME TO events_hidden")), qPrintable(q.lastError().text()));
            g_catchUpFailed = false;
            g_previousHandler = qInstallMessageHandler(watchMessages);
            Received received;
            const SubscriptionId id = bus.subscribe([&](const QList<EventRecord> &events) { received.add(events); }, {}, 0);
            QTRY_VERIFY_WITH_TIMEOUT(g_catchUpFailed.load(), 10'000);
            qInstallMessageHandler(g_previousHandler);
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE events_hidden RENAME TO events")), qPrintable(q.lastError().text()));

            // The log is back; an event committed now arrives live. By the time it has arrived,
            // everything before it must have, in order.
            const qint64 fresh = commitAndPublish(store, bus, 6);
            QTRY_VERIFY_WITH_TIMEOUT(received.all().contains(fresh), 10'000);
            QCOMPARE(received.all(), logged + QList<qint64>{fresh});
            QVERIFY(bus.isLive(id));
            bus.unsubscribe(id);
        }
        QSqlDatabase::removeDatabase(name);
    }

    void aThrowingHandlerHarmsNoOtherSubscriber()
    {
        QTemporaryDir dir;
        Store store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("bus.db"))).isError());
        EventBus bus(store);
        Received received;
        bus.subscribe([](const QList<EventRecord> &) { throw std::runtime_error("subscriber bug"); });
        bus.subscribe([&](const QList<EventRecord> &events) { received.add(events); });
        QTest::ignoreMessage(QtCriticalMsg, "an event handler threw, its 1 events are lost to it: subscriber bug");
        const qint64 seq = commitAndPublish(store, bus, 1);
        QCOMPARE(received.all(), QList<qint64>{seq});
    }
};

QTEST_GUILESS_MAIN(tst_EventBus)
#include "tst_eventbus.moc"
