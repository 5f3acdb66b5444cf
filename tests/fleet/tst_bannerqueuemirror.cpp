#include "BannerQueue.h"
#include "BannerQueueMirror.h"
#include "FleetEvent.h"
#include "ManualClock.h"

#include <QtTest>

using namespace airdisplay;

// The console's copy of a queue follows the state machine from its events alone: after every
// command of a long random run it equals the queue's own state.
class tst_BannerQueueMirror : public QObject
{
    Q_OBJECT

    static QList<FleetEvent> committed(const BannerChange &change, qint64 bannerId)
    {
        QList<FleetEvent> events;
        for (const BannerEvent &e : change.events)
            events.append(FleetEvent::decode({0, bannerId, e.bannerSeq, eventTypeName(e.type), e.payload, e.atMs}));
        return events;
    }

    static QList<qint64> ids(const QList<BannerMessage> &messages)
    {
        QList<qint64> out;
        for (const BannerMessage &m : messages)
            out << m.id;
        return out;
    }

private slots:
    void namesComeFromTheEnum()
    {
        QCOMPARE(eventTypeName(BannerEventType::MessageQueued), QStringLiteral("message_queued"));
        QCOMPARE(eventTypeName(BannerEventType::DeviceDisconnected), QStringLiteral("device_disconnected"));
        QCOMPARE(eventTypeName(BannerEventType::BannerRegistered), QStringLiteral("banner_registered"));
        for (const BannerEventType type : allEventTypes())
            QCOMPARE(eventTypeFromName(eventTypeName(type)), type);
        QCOMPARE(allEventTypes().size(), 19);
        QVERIFY(!eventTypeFromName(u"message_launched"));
        QVERIFY(endsMessage(BannerEventType::MessageShown));
        QVERIFY(!endsMessage(BannerEventType::MessageSent));
    }

    void followsTheStateMachineThroughEveryTransition()
    {
        ManualClock clock;
        FleetPolicy policy;
        policy.queueLimit = 12;
        policy.review = ReviewPolicy::Flagged;
        policy.flaggedWords = {QStringLiteral("check")};
        MessageText text(policy);
        BannerState initial;
        initial.bannerId = 3;
        initial.callsign = QStringLiteral("AD-3");
        initial.nextSeq = 2;
        BannerQueue queue(initial, policy, text, clock.clock(), true);
        BannerQueueMirror mirror;
        mirror.setLastSeq(1);

        QRandomGenerator rng(20261208);
        int requests = 0;
        QSet<BannerEventType> seen;
        for (int step = 0; step < 3000; ++step) {
            const QList<BannerMessage> waiting = queue.state().queue;
            const qint64 someWaiting = waiting.isEmpty() ? 0 : waiting.at(rng.bounded(int(waiting.size()))).id;
            BannerCommand command;
            switch (rng.bounded(12)) {
            case 0:
            case 1:
            case 2: {
                const bool flagged = rng.bounded(4) == 0;
                command = command::Submit{flagged ? QStringLiteral("check %1").arg(step) : QStringLiteral("hello %1").arg(step),
                                          QStringLiteral("r%1").arg(++requests)};
                break;
            }
            case 3: command = command::Cancel{someWaiting}; break;
            case 4: command = command::Remove{someWaiting}; break;
            case 5: command = command::Move{someWaiting, 1 + rng.bounded(qMax(1, int(waiting.size())))}; break;
            case 6: command = command::Approve{someWaiting}; break;
            case 7: command = command::Reject{someWaiting, rng.bounded(2) ? QStringLiteral("not here") : QString()}; break;
            case 10: command = command::ShowNow{someWaiting}; break;
            case 8: {
                const int which = rng.bounded(4);
                command = which == 0 ? BannerCommand(command::Blank{})
                                     : which == 1 ? BannerCommand(command::Pause{}) : BannerCommand(command::Resume{});
                break;
            }
            case 9: {
                const auto &current = queue.state().current;
                command = current ? BannerCommand(command::Displayed{current->id}) : BannerCommand(command::Pause{});
                break;
            }
            default: {
                // Time passes: the message on air ends when its reminder fires.
                clock.advance(policy.displayDurationMs);
                if (const auto &current = queue.state().current; current && current->endsAtMs) {
                    const BannerChange ended = queue.reminderDue(ReminderOp::endOfDisplayName(current->id));
                    for (const FleetEvent &e : committed(ended, 3)) {
                        QCOMPARE(mirror.apply(e), BannerQueueMirror::Applied::Applied);
                        seen.insert(*e.type);
                    }
                }
                continue;
            }
            }
            const BannerChange change = queue.execute(command, QStringLiteral("anna"));
            for (const FleetEvent &e : committed(change, 3)) {
                QVERIFY(e.type.has_value());
                QCOMPARE(mirror.apply(e), BannerQueueMirror::Applied::Applied);
                seen.insert(*e.type);
            }
            QCOMPARE(ids(mirror.queue()), ids(queue.state().queue));
            QCOMPARE(mirror.current() ? mirror.current()->id : 0, queue.state().current ? queue.state().current->id : 0);
            QCOMPARE(mirror.isPaused(), queue.state().paused);
            QVERIFY(mirror.isConsistent());
        }
        // The run went through every transition a queue has (not registration or the link's).
        for (const BannerEventType type : allEventTypes()) {
            if (type != BannerEventType::BannerRegistered && type != BannerEventType::DeviceConnected
                && type != BannerEventType::DeviceDisconnected && type != BannerEventType::MessageInterrupted)
                QVERIFY2(seen.contains(type), qPrintable(eventTypeName(type)));
        }
    }

    void aMissingEventIsAGapAndARepeatIsStale()
    {
        ManualClock clock;
        FleetPolicy policy;
        MessageText text(policy);
        BannerState initial;
        initial.bannerId = 4;
        initial.nextSeq = 2;
        BannerQueue queue(initial, policy, text, clock.clock(), false);
        BannerQueueMirror mirror;
        mirror.setLastSeq(1);
        const QList<FleetEvent> first = committed(queue.execute(command::Submit{QStringLiteral("a"), QStringLiteral("1")}, QStringLiteral("x")), 4);
        const QList<FleetEvent> second = committed(queue.execute(command::Submit{QStringLiteral("b"), QStringLiteral("2")}, QStringLiteral("x")), 4);
        QCOMPARE(mirror.apply(second.first()), BannerQueueMirror::Applied::Gap);
        QCOMPARE(mirror.apply(first.first()), BannerQueueMirror::Applied::Applied);
        QCOMPARE(mirror.apply(first.first()), BannerQueueMirror::Applied::Stale);
        QCOMPARE(mirror.apply(second.first()), BannerQueueMirror::Applied::Applied);
        QCOMPARE(mirror.queue().size(), 2);
        // Reset from the actor's state: events it already holds are stale.
        mirror.reset(queue.state(), false);
        QCOMPARE(mirror.apply(second.first()), BannerQueueMirror::Applied::Stale);
        QVERIFY(mirror.isConsistent());
    }
};

QTEST_GUILESS_MAIN(tst_BannerQueueMirror)
#include "tst_bannerqueuemirror.moc"
