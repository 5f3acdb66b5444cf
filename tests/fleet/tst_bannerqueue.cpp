#include "BannerQueue.h"
#include "ManualClock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace airdisplay;

namespace {

constexpr qint64 kBanner = 7;

struct Fixture
{
    explicit Fixture(FleetPolicy p = {}, bool linkUp = true)
        : policy(std::move(p)), text(policy), queue(initial(), policy, text, clock.clock(), linkUp)
    {
    }
    static BannerState initial()
    {
        BannerState s;
        s.bannerId = kBanner;
        s.callsign = QStringLiteral("AD-7");
        return s;
    }
    BannerChange submit(const QString &t, const QString &author = QStringLiteral("anna"), QString requestId = {})
    {
        if (requestId.isEmpty())
            requestId = QStringLiteral("r%1").arg(++requests);
        return queue.submit(t, author, requestId);
    }
    QStringList eventTypes(const BannerChange &c) const
    {
        QStringList types;
        for (const BannerEvent &e : c.events)
            types << eventTypeName(e.type);
        return types;
    }
    QList<qint64> queuedIds() const
    {
        QList<qint64> ids;
        for (const BannerMessage &m : queue.state().queue)
            ids << m.id;
        return ids;
    }

    ManualClock clock;
    FleetPolicy policy;
    MessageText text;
    BannerQueue queue;
    int requests = 0;
};

QJsonObject payloadOf(const BannerEvent &e)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(e.payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << e.payload << error.errorString();
    return doc.object();
}

void compareMessages(const BannerMessage &a, const BannerMessage &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.text, b.text);
    QCOMPARE(a.author, b.author);
    QCOMPARE(a.requestId, b.requestId);
    QCOMPARE(a.status, b.status);
    QCOMPARE(a.submittedMs, b.submittedMs);
    QCOMPARE(a.startedMs, b.startedMs);
    QCOMPARE(a.endsAtMs, b.endsAtMs);
    QCOMPARE(a.endedMs, b.endedMs);
}

} // namespace

class tst_BannerQueue : public QObject
{
    Q_OBJECT

private slots:
    void firstMessageGoesOutAtOnce()
    {
        Fixture f;
        const BannerChange c = f.submit(QStringLiteral("hello"));
        QVERIFY(c.result.ok());
        QCOMPARE(c.result.position, 0);
        QCOMPARE(c.result.estimatedStartMs, f.clock.now());
        QCOMPARE(BannerState::bannerOfMessage(c.result.messageId), kBanner);
        QCOMPARE(f.eventTypes(c), (QStringList{QStringLiteral("message_queued"), QStringLiteral("message_sent")}));
        QCOMPARE(c.deviceCommands.size(), 1);
        QCOMPARE(c.deviceCommands.first().kind, DeviceCommand::Kind::Show);
        QCOMPARE(c.deviceCommands.first().messageId, c.result.messageId);
        QCOMPARE(c.deviceCommands.first().durationMs, 60'000);
        QVERIFY(c.reminders.isEmpty()); // nothing runs before the device confirms
        QCOMPARE(f.queue.status(), BannerStatus::Queued);
        // Sequence numbers are per banner and consecutive.
        QCOMPARE(c.events.at(0).bannerSeq, 1);
        QCOMPARE(c.events.at(1).bannerSeq, 2);
        QCOMPARE(payloadOf(c.events.at(1)).value(QStringLiteral("banner")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("queued"));
    }

    void eventPayloadsAreTheJsonOfTheirMessages()
    {
        Fixture f({}, false);
        // Quotes, backslashes, control characters and non-ASCII in what clients send must come out
        // as valid JSON that reads back as the same strings.
        const QString author = QStringLiteral("a\"b\\c\n\t\x01\x1f/é");
        const BannerChange queued = f.submit(QStringLiteral("Grüße ✈ 😀 \"hi\""), author, QStringLiteral("r\u007f"));
        QVERIFY2(queued.result.ok(), qPrintable(queued.result.error.message()));
        const QJsonObject payload = payloadOf(queued.events.first());
        QCOMPARE(payload.value(QStringLiteral("message")).toObject(), queued.messages.first().toJson());
        QCOMPARE(payload.value(QStringLiteral("position")).toInt(), 1);
        QCOMPARE(payload.value(QStringLiteral("banner")).toObject(),
                 (QJsonObject{{QStringLiteral("status"), QStringLiteral("offline")},
                              {QStringLiteral("queueLength"), 1},
                              {QStringLiteral("paused"), false},
                              {QStringLiteral("link"), false}}));

        // Connecting while the device already shows the sent message confirms it within the same
        // command: every event carries the summary after the whole command.
        const BannerChange sent = f.queue.deviceConnected();
        const qint64 id = queued.result.messageId;
        f.queue.deviceDisconnected();
        const BannerChange confirmed = f.queue.deviceConnected(id);
        QCOMPARE(f.eventTypes(confirmed), (QStringList{QStringLiteral("device_connected"), QStringLiteral("message_displaying")}));
        for (const BannerEvent &e : confirmed.events) {
            const QJsonObject banner = payloadOf(e).value(QStringLiteral("banner")).toObject();
            QCOMPARE(banner.value(QStringLiteral("status")).toString(), QStringLiteral("displaying"));
            QCOMPARE(qint64(banner.value(QStringLiteral("currentMessageId")).toDouble()), id);
            QCOMPARE(banner.value(QStringLiteral("currentText")).toString(), QStringLiteral("Grüße ✈ 😀 \"hi\""));
        }
        const QJsonObject displaying = payloadOf(confirmed.events.last()).value(QStringLiteral("message")).toObject();
        QCOMPARE(displaying, confirmed.messages.last().toJson());
        QVERIFY(displaying.contains(QStringLiteral("endsAtMs")));
        QVERIFY(!sent.events.isEmpty());

        f.queue.move(id, 1); // not waiting: no event
        f.submit(QStringLiteral("two"));
        f.submit(QStringLiteral("three"));
        const qint64 three = f.queue.state().queue.last().id;
        const BannerChange moved = f.queue.move(three, 1);
        const QJsonObject m = payloadOf(moved.events.first());
        QCOMPARE(qint64(m.value(QStringLiteral("messageId")).toDouble()), three);
        QCOMPARE(m.value(QStringLiteral("from")).toInt(), 2);
        QCOMPARE(m.value(QStringLiteral("to")).toInt(), 1);
        QVERIFY(m.contains(QStringLiteral("banner")));
        QVERIFY(payloadOf(f.queue.pause().events.first()).contains(QStringLiteral("banner")));
    }

    void queueOrderAndEstimates()
    {
        Fixture f;
        const qint64 first = f.submit(QStringLiteral("one")).result.messageId;
        f.clock.advance(1000);
        f.queue.displayed(first);
        const qint64 endsAt = f.clock.now() + 60'000;
        const BannerChange two = f.submit(QStringLiteral("two"));
        const BannerChange three = f.submit(QStringLiteral("three"));
        QCOMPARE(two.result.position, 1);
        QCOMPARE(two.result.estimatedStartMs, endsAt);
        QCOMPARE(three.result.position, 2);
        QCOMPARE(three.result.estimatedStartMs, endsAt + 60'000);
        QCOMPARE(f.queuedIds(), (QList<qint64>{two.result.messageId, three.result.messageId}));
        // FIFO: the end of "one" sends "two".
        f.clock.advance(60'000);
        const BannerChange end = f.queue.reminderDue(ReminderOp::endOfDisplayName(first));
        QCOMPARE(f.eventTypes(end), (QStringList{QStringLiteral("message_shown"), QStringLiteral("message_sent")}));
        QCOMPARE(end.deviceCommands.first().messageId, two.result.messageId);
        QCOMPARE(f.queue.state().current->id, two.result.messageId);
        QCOMPARE(f.queuedIds(), (QList<qint64>{three.result.messageId}));
    }

    void displayTimeStartsAtTheDevicesConfirmation()
    {
        Fixture f;
        const qint64 id = f.submit(QStringLiteral("hello")).result.messageId;
        f.clock.advance(5000); // the device takes 5 s to confirm
        const BannerChange shown = f.queue.displayed(id);
        QVERIFY(shown.result.ok());
        QCOMPARE(f.queue.status(), BannerStatus::Displaying);
        QCOMPARE(*f.queue.state().current->startedMs, f.clock.now());
        QCOMPARE(shown.reminders.size(), 1);
        QCOMPARE(shown.reminders.first().name, ReminderOp::endOfDisplayName(id));
        QCOMPARE(shown.reminders.first().dueMs, f.clock.now() + 60'000);
        QVERIFY(!shown.reminders.first().removed);
        // A repeated confirmation changes nothing and does not move the end.
        f.clock.advance(1000);
        const BannerChange again = f.queue.displayed(id);
        QVERIFY(again.result.ok());
        QVERIFY(!again.changesState());
        // The end: shown, reminder cleared, device blanked as nothing else waits.
        f.clock.advance(59'000);
        const BannerChange end = f.queue.reminderDue(ReminderOp::endOfDisplayName(id));
        QCOMPARE(f.eventTypes(end), QStringList{QStringLiteral("message_shown")});
        QCOMPARE(end.messages.first().status, BannerMessage::Status::Shown);
        QCOMPARE(*end.messages.first().startedMs, f.clock.now() - 60'000);
        QCOMPARE(*end.messages.first().endedMs, f.clock.now());
        QVERIFY(end.reminders.first().removed);
        QCOMPARE(end.deviceCommands.first().kind, DeviceCommand::Kind::Blank);
        QCOMPARE(f.queue.status(), BannerStatus::Idle);
    }

    void staleReminderEndsNothing()
    {
        Fixture f;
        const qint64 first = f.submit(QStringLiteral("one")).result.messageId;
        f.queue.displayed(first);
        f.clock.advance(60'000);
        f.queue.reminderDue(ReminderOp::endOfDisplayName(first));
        const qint64 second = f.submit(QStringLiteral("two")).result.messageId;
        f.queue.displayed(second);
        // The first message's reminder again (a duplicate after a crash, say): the second stays.
        const BannerChange stale = f.queue.reminderDue(ReminderOp::endOfDisplayName(first));
        QVERIFY(stale.events.isEmpty());
        QVERIFY(stale.deviceCommands.isEmpty());
        QCOMPARE(stale.reminders.size(), 1);
        QVERIFY(stale.reminders.first().removed);
        QCOMPARE(stale.reminders.first().name, ReminderOp::endOfDisplayName(first));
        QCOMPARE(f.queue.state().current->id, second);
        QCOMPARE(f.queue.status(), BannerStatus::Displaying);
        // And one for a message still only sent (not confirmed) ends nothing either.
        const qint64 third = f.submit(QStringLiteral("three")).result.messageId;
        QVERIFY(f.queue.reminderDue(ReminderOp::endOfDisplayName(third)).events.isEmpty());
        QVERIFY(f.queue.reminderDue(QStringLiteral("not-a-reminder-of-ours")).events.isEmpty());
    }

    void queueLimit()
    {
        FleetPolicy policy;
        policy.queueLimit = 3;
        Fixture f(policy);
        f.submit(QStringLiteral("showing")); // goes to the device: not counted
        for (int i = 0; i < 3; ++i)
            QVERIFY(f.submit(QStringLiteral("m%1").arg(i)).result.ok());
        const BannerChange full = f.submit(QStringLiteral("one too many"));
        QCOMPARE(full.result.error.code(), FleetError::Code::QueueFull);
        QCOMPARE(full.result.error.codeName(), QStringLiteral("queue_full"));
        QVERIFY(!full.changesState());
        QCOMPARE(f.queue.state().queue.size(), 3);
    }

    void textErrorsChangeNothing()
    {
        FleetPolicy policy;
        policy.blockedWords = {QStringLiteral("spam")};
        Fixture f(policy);
        const qint64 nextBefore = f.queue.state().nextMessage;
        QCOMPARE(f.submit(QString()).result.error.code(), FleetError::Code::TextEmpty);
        QCOMPARE(f.submit(QString(65, QLatin1Char('a'))).result.error.code(), FleetError::Code::TextTooLong);
        QCOMPARE(f.submit(QStringLiteral("a\nb")).result.error.code(), FleetError::Code::TextInvalid);
        QCOMPARE(f.submit(QStringLiteral("spam")).result.error.code(), FleetError::Code::TextBlocked);
        QCOMPARE(f.submit(QStringLiteral("ok"), QString()).result.error.code(), FleetError::Code::InvalidArgument);
        QCOMPARE(f.queue.state().nextMessage, nextBefore);
        QCOMPARE(f.queue.state().nextSeq, 1);
    }

    void idempotentRetries()
    {
        Fixture f;
        const BannerChange first = f.submit(QStringLiteral("hello"), QStringLiteral("anna"), QStringLiteral("req-1"));
        const BannerChange second = f.submit(QStringLiteral("queued"), QStringLiteral("anna"), QStringLiteral("req-2"));
        f.clock.advance(10'000);
        const BannerChange retry = f.submit(QStringLiteral("queued"), QStringLiteral("anna"), QStringLiteral("req-2"));
        QVERIFY(retry.result.ok());
        QVERIFY(retry.result.duplicate);
        QCOMPARE(retry.result.messageId, second.result.messageId);
        QCOMPARE(retry.result.position, second.result.position);
        QCOMPARE(retry.result.estimatedStartMs, second.result.estimatedStartMs);
        QVERIFY(!retry.changesState());
        QCOMPARE(f.queue.state().queue.size(), 1);
        // The same text after NFC is the same request.
        QVERIFY(f.submit(QStringLiteral(" hello "), QStringLiteral("anna"), QStringLiteral("req-1")).result.duplicate);
        // A different text under the same request id is a conflict.
        const BannerChange conflict = f.submit(QStringLiteral("other"), QStringLiteral("anna"), QStringLiteral("req-1"));
        QCOMPARE(conflict.result.error.code(), FleetError::Code::RequestConflict);
        // Another author may use the same request id.
        const BannerChange bob = f.submit(QStringLiteral("hello"), QStringLiteral("bob"), QStringLiteral("req-1"));
        QVERIFY(bob.result.ok());
        QVERIFY(!bob.result.duplicate);
        QVERIFY(bob.result.messageId != first.result.messageId);
    }

    void idempotencyOutlastsAnyNumberOfOtherSubmissions()
    {
        Fixture f;
        const BannerChange first = f.submit(QStringLiteral("keep me"), QStringLiteral("anna"), QStringLiteral("keep-me"));
        QVERIFY(first.result.ok());
        QCOMPARE(first.requests.size(), 1);
        QCOMPARE(first.requests.first().acceptedMs, f.clock.now());
        // 10,000 others (each cancelled, so the queue never fills), an hour apart in all.
        for (int i = 0; i < 10'000; ++i) {
            const BannerChange other = f.submit(QStringLiteral("other %1").arg(i), QStringLiteral("bob"));
            QVERIFY(other.result.ok() && !other.result.duplicate);
            QVERIFY(f.queue.cancel(other.result.messageId, QStringLiteral("bob")).result.ok());
            f.clock.advance(360);
        }
        const BannerChange retry = f.submit(QStringLiteral("keep me"), QStringLiteral("anna"), QStringLiteral("keep-me"));
        QVERIFY(retry.result.duplicate);
        QCOMPARE(retry.result.messageId, first.result.messageId);
        QCOMPARE(retry.result.position, first.result.position);
        QVERIFY(retry.requests.isEmpty());
        // Past the retention the request id is free again: a new message.
        f.clock.advance(f.policy.requestRetentionMs);
        const BannerChange late = f.submit(QStringLiteral("keep me"), QStringLiteral("anna"), QStringLiteral("keep-me"));
        QVERIFY(late.result.ok());
        QVERIFY(!late.result.duplicate);
        QVERIFY(late.result.messageId != first.result.messageId);
    }

    void rememberedRequestsAnswerRetriesOfAnotherActivation()
    {
        Fixture f;
        const BannerChange first = f.submit(QStringLiteral("hello"), QStringLiteral("anna"), QStringLiteral("req-1"));
        const auto restored = BannerState::decode(f.queue.state().encode());
        QVERIFY(restored);
        QVERIFY(restored->accepted.isEmpty()); // request ids are not part of the state any more
        BannerQueue again(*restored, f.policy, f.text, f.clock.clock(), true);
        again.rememberRequests(first.requests); // what the actor loads from the store
        const BannerChange retry = again.submit(QStringLiteral("hello"), QStringLiteral("anna"), QStringLiteral("req-1"));
        QVERIFY(retry.result.duplicate);
        QCOMPARE(retry.result.messageId, first.result.messageId);
        QCOMPARE(again.state().current->id, first.result.messageId);
        QCOMPARE(again.state().nextSeq, f.queue.state().nextSeq);
        QVERIFY(again.takeUnrecordedRequests().isEmpty());
    }

    void legacyWindowMovesToTheStore()
    {
        // A state stored before request ids had their own table carries the latest 64 in it.
        const QByteArray legacy = R"({"bannerId":7,"callsign":"AD-7","nextSeq":3,"nextMessage":2,"paused":false,
            "queue":[],"accepted":[{"a":"anna","r":"old-1","t":"hello","m":117440513,"p":1,"s":1000}]})";
        const std::optional<BannerState> state = BannerState::decode(legacy);
        QVERIFY(state);
        QCOMPARE(state->accepted.size(), 1);
        Fixture f;
        BannerQueue upgraded(*state, f.policy, f.text, f.clock.clock(), true);
        QVERIFY(upgraded.state().accepted.isEmpty());
        const BannerChange retry = upgraded.submit(QStringLiteral("hello"), QStringLiteral("anna"), QStringLiteral("old-1"));
        QVERIFY(retry.result.duplicate);
        QCOMPARE(retry.result.messageId, 117440513);
        const QList<BannerState::Accepted> unrecorded = upgraded.takeUnrecordedRequests();
        QCOMPARE(unrecorded.size(), 1);
        QCOMPARE(unrecorded.first().requestId, QStringLiteral("old-1"));
        QCOMPARE(unrecorded.first().acceptedMs, f.clock.now());
        QVERIFY(upgraded.takeUnrecordedRequests().isEmpty());
    }

    void stateEncodingKeepsEveryField()
    {
        BannerState s;
        s.bannerId = BannerState::kMaxBannerId;
        s.callsign = QStringLiteral("ÆR-✈");
        s.nextSeq = 1'234'567;
        s.nextMessage = BannerState::kMessagesPerBanner - 1;
        s.paused = true;
        const qint64 base = s.bannerId * BannerState::kMessagesPerBanner;
        BannerMessage current{base + 1, QStringLiteral("Grüße aus der Luft"), QStringLiteral("anna"),
                              QStringLiteral("req-1"), BannerMessage::Status::Displaying, 1'700'000'000'000,
                              1'700'000'000'500, 1'700'000'060'500, std::nullopt, {}};
        s.current = current;
        s.queue = {
            {base + 2, QStringLiteral("held"), QStringLiteral("bob"), QStringLiteral("r"), BannerMessage::Status::Held, -5,
             std::nullopt, std::nullopt, std::nullopt, {}},
            {base + 3, QString(), QStringLiteral("😀"), QStringLiteral("r2"), BannerMessage::Status::Queued, 0,
             std::nullopt, std::nullopt, 42, {}},
        };
        // A legacy window is read, never written again.
        s.accepted = {{QStringLiteral("anna"), QStringLiteral("req-1"), current.text, current.id, 0, 1'700'000'000'000, 0}};

        const QByteArray payload = s.encode();
        const std::optional<BannerState> restored = BannerState::decode(payload);
        QVERIFY(restored);
        QCOMPARE(restored->bannerId, s.bannerId);
        QCOMPARE(restored->callsign, s.callsign);
        QCOMPARE(restored->nextSeq, s.nextSeq);
        QCOMPARE(restored->nextMessage, s.nextMessage);
        QCOMPARE(restored->paused, true);
        QVERIFY(restored->current);
        compareMessages(*restored->current, current);
        QCOMPARE(restored->queue.size(), s.queue.size());
        for (int i = 0; i < s.queue.size(); ++i)
            compareMessages(restored->queue.at(i), s.queue.at(i));
        QVERIFY(restored->accepted.isEmpty());
        // A payload cut short anywhere, or with bytes after its end, is not a banner state.
        for (qsizetype n = 0; n < payload.size(); ++n)
            QVERIFY2(!BannerState::decode(payload.first(n)), qPrintable(QString::number(n)));
        QVERIFY(!BannerState::decode(payload + '\0'));
    }

    void summaryDecodedFromAStoredState()
    {
        // What the index loads at open must be what the banner itself publishes once activated.
        Fixture f;
        f.submit(QStringLiteral("showing"));
        f.queue.displayed(f.queue.state().current->id);
        f.submit(QStringLiteral("next"));
        f.submit(QStringLiteral("after that"));
        const QByteArray payload = f.queue.state().encode();
        for (const bool linkUp : {false, true}) {
            const BannerQueue loaded(*BannerState::decode(payload), f.policy, f.text, f.clock.clock(), linkUp);
            const std::optional<BannerSummary> summary = BannerState::decodeSummary(payload, linkUp);
            QVERIFY(summary);
            QCOMPARE(summary->status, loaded.summary().status);
            QCOMPARE(summary->queueLength, 2);
            QCOMPARE(summary->currentMessageId, loaded.summary().currentMessageId);
            QCOMPARE(summary->currentText, QStringLiteral("showing"));
            QCOMPARE(summary->paused, false);
            QCOMPARE(summary->linkUp, linkUp);
        }
        QCOMPARE(BannerState::decodeSummary(payload, false)->status, BannerStatus::Offline);
        QCOMPARE(BannerState::decodeSummary(payload, true)->status, BannerStatus::Displaying);
        // It reads the queue to its end, and nothing of a legacy idempotency window after it.
        const QByteArray head = payload.chopped(1); // the window's count, always 0 now, is one byte
        QCOMPARE(BannerState::decodeSummary(head, false)->queueLength, 2);
        // A binary state stored with a window (zigzag varints; strings by length) still decodes.
        const QByteArray window = QByteArray::fromHex("02" "08616e6e61" "047231" "046869" "0a" "02" "06");
        const std::optional<BannerState> legacy = BannerState::decode(head + window);
        QVERIFY(legacy);
        QCOMPARE(legacy->accepted.size(), 1);
        QCOMPARE(legacy->accepted.first().requestId, QStringLiteral("r1"));
        QCOMPARE(legacy->accepted.first().messageId, 5);
        QCOMPARE(BannerState::decodeSummary(head + window, false)->queueLength, 2);
        QVERIFY(!BannerState::decodeSummary(head.chopped(1), false));
        QVERIFY(!BannerState::decodeSummary(QByteArrayLiteral("not a state"), false));
    }

    void statesStoredAsJsonAreStillRead()
    {
        // What the engine stored before the binary encoding: databases written then must keep working.
        const QByteArray json = R"({"accepted":[{"a":"anna","m":117440513,"p":0,"r":"req-1","s":1000,"t":"hello"}],)"
                                R"("bannerId":7,"callsign":"AD-7","current":{"author":"anna","endsAtMs":61000,)"
                                R"("id":117440513,"requestId":"req-1","startedMs":1000,"status":"displaying",)"
                                R"("submittedMs":1000,"text":"hello"},"nextMessage":3,"nextSeq":6,"paused":false,)"
                                R"("queue":[{"author":"bob","id":117440514,"requestId":"r2","status":"queued",)"
                                R"("submittedMs":2000,"text":"next"}]})";
        const std::optional<BannerState> s = BannerState::decode(json);
        QVERIFY(s);
        QCOMPARE(s->bannerId, kBanner);
        QCOMPARE(s->callsign, QStringLiteral("AD-7"));
        QCOMPARE(s->nextSeq, 6);
        QCOMPARE(s->nextMessage, 3);
        QVERIFY(s->current);
        QCOMPARE(s->current->status, BannerMessage::Status::Displaying);
        QCOMPARE(s->current->endsAtMs, 61000);
        QCOMPARE(s->queue.size(), 1);
        QCOMPARE(s->queue.first().text, QStringLiteral("next"));
        QCOMPARE(s->accepted.size(), 1);
        QCOMPARE(s->accepted.first().messageId, 117440513);
        // And a banner loaded from it answers a retry with the first answer.
        ManualClock clock;
        const FleetPolicy policy;
        const MessageText text(policy);
        BannerQueue q(*s, policy, text, clock.clock(), true);
        const BannerChange retry = q.submit(QStringLiteral("hello"), QStringLiteral("anna"), QStringLiteral("req-1"));
        QVERIFY(retry.result.duplicate);
        QCOMPARE(retry.result.estimatedStartMs, 1000);
        const std::optional<BannerSummary> summary = BannerState::decodeSummary(json, false);
        QVERIFY(summary);
        QCOMPARE(summary->currentText, QStringLiteral("hello"));
        QCOMPARE(summary->queueLength, 1);
    }

    void authorCancels()
    {
        Fixture f;
        const qint64 showing = f.submit(QStringLiteral("showing")).result.messageId;
        const qint64 queued = f.submit(QStringLiteral("queued"), QStringLiteral("anna")).result.messageId;
        QCOMPARE(f.queue.cancel(queued, QStringLiteral("bob")).result.error.code(), FleetError::Code::NotAuthor);
        QCOMPARE(f.queue.cancel(showing, QStringLiteral("anna")).result.error.code(), FleetError::Code::NotQueued);
        QCOMPARE(f.queue.cancel(kBanner * BannerState::kMessagesPerBanner + 999, QStringLiteral("anna")).result.error.code(),
                 FleetError::Code::UnknownMessage);
        const BannerChange c = f.queue.cancel(queued, QStringLiteral("anna"));
        QVERIFY(c.result.ok());
        QCOMPARE(f.eventTypes(c), QStringList{QStringLiteral("message_cancelled")});
        QCOMPARE(c.messages.first().status, BannerMessage::Status::Cancelled);
        QVERIFY(f.queue.state().queue.isEmpty());
        QCOMPARE(f.queue.cancel(queued, QStringLiteral("anna")).result.error.code(), FleetError::Code::NotQueued);
    }

    void dispatcherRemovesAndReorders()
    {
        Fixture f;
        f.submit(QStringLiteral("showing"));
        const qint64 a = f.submit(QStringLiteral("a")).result.messageId;
        const qint64 b = f.submit(QStringLiteral("b")).result.messageId;
        const qint64 c = f.submit(QStringLiteral("c")).result.messageId;
        const BannerChange moved = f.queue.move(c, 1);
        QVERIFY(moved.result.ok());
        QCOMPARE(f.eventTypes(moved), QStringList{QStringLiteral("message_moved")});
        QCOMPARE(f.queuedIds(), (QList<qint64>{c, a, b}));
        QCOMPARE(f.queue.move(a, 4).result.error.code(), FleetError::Code::InvalidPosition);
        QCOMPARE(f.queue.move(a, 0).result.error.code(), FleetError::Code::InvalidPosition);
        QVERIFY(!f.queue.move(a, 2).changesState()); // already there
        const BannerChange removed = f.queue.remove(a);
        QCOMPARE(removed.messages.first().status, BannerMessage::Status::Removed);
        QCOMPARE(f.queuedIds(), (QList<qint64>{c, b}));
        QCOMPARE(f.queue.remove(a).result.error.code(), FleetError::Code::NotQueued);
    }

    void blankEndsTheDisplayAndPauses()
    {
        Fixture f;
        const qint64 showing = f.submit(QStringLiteral("showing")).result.messageId;
        const qint64 next = f.submit(QStringLiteral("next")).result.messageId;
        f.queue.displayed(showing);
        const BannerChange blank = f.queue.blank();
        QCOMPARE(f.eventTypes(blank), (QStringList{QStringLiteral("message_blanked"), QStringLiteral("banner_blanked")}));
        QCOMPARE(blank.deviceCommands.size(), 1);
        QCOMPARE(blank.deviceCommands.first().kind, DeviceCommand::Kind::Blank);
        QVERIFY(blank.reminders.first().removed);
        QVERIFY(f.queue.state().paused);
        QVERIFY(!f.queue.state().current);
        // Nothing goes out until a dispatcher resumes.
        const BannerChange resumed = f.queue.resume();
        QCOMPARE(f.eventTypes(resumed), (QStringList{QStringLiteral("banner_resumed"), QStringLiteral("message_sent")}));
        QCOMPARE(resumed.deviceCommands.first().messageId, next);
    }

    void pauseLetsTheCurrentMessageFinish()
    {
        Fixture f;
        const qint64 showing = f.submit(QStringLiteral("showing")).result.messageId;
        const qint64 next = f.submit(QStringLiteral("next")).result.messageId;
        f.queue.displayed(showing);
        QCOMPARE(f.eventTypes(f.queue.pause()), QStringList{QStringLiteral("banner_paused")});
        QVERIFY(!f.queue.pause().changesState());
        f.clock.advance(60'000);
        const BannerChange end = f.queue.reminderDue(ReminderOp::endOfDisplayName(showing));
        QCOMPARE(f.eventTypes(end), QStringList{QStringLiteral("message_shown")});
        QCOMPARE(end.deviceCommands.first().kind, DeviceCommand::Kind::Blank);
        QCOMPARE(f.queuedIds(), QList<qint64>{next});
        const BannerChange resumed = f.queue.resume();
        QCOMPARE(resumed.deviceCommands.first().messageId, next);
        QVERIFY(!f.queue.resume().changesState());
    }

    void reviewAll()
    {
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        Fixture f(policy);
        const BannerChange held = f.submit(QStringLiteral("hello"));
        QCOMPARE(f.eventTypes(held), QStringList{QStringLiteral("message_held")});
        QVERIFY(held.deviceCommands.isEmpty());
        QCOMPARE(f.queue.status(), BannerStatus::PendingReview);
        const qint64 other = f.submit(QStringLiteral("other")).result.messageId;
        const BannerChange approved = f.queue.approve(other);
        // The approved second one overtakes the held first one: held messages do not block.
        QCOMPARE(f.eventTypes(approved), (QStringList{QStringLiteral("message_approved"), QStringLiteral("message_sent")}));
        QCOMPARE(approved.deviceCommands.first().messageId, other);
        QCOMPARE(f.queue.approve(other).result.error.code(), FleetError::Code::NotQueued);
        const BannerChange rejected = f.queue.reject(held.result.messageId);
        QCOMPARE(rejected.messages.first().status, BannerMessage::Status::Rejected);
        QVERIFY(f.queue.state().queue.isEmpty());
    }

    void reviewFlagged()
    {
        FleetPolicy policy;
        policy.review = ReviewPolicy::Flagged;
        policy.flaggedWords = {QStringLiteral("marry")};
        Fixture f(policy);
        f.submit(QStringLiteral("showing"));
        const BannerChange plain = f.submit(QStringLiteral("happy birthday"));
        const BannerChange flagged = f.submit(QStringLiteral("marry me"));
        QCOMPARE(f.eventTypes(plain), QStringList{QStringLiteral("message_queued")});
        QCOMPARE(f.eventTypes(flagged), QStringList{QStringLiteral("message_held")});
        QCOMPARE(f.queue.reject(plain.result.messageId).result.error.code(), FleetError::Code::NotHeld);
        QCOMPARE(f.queue.approve(plain.result.messageId).result.error.code(), FleetError::Code::NotHeld);
        QVERIFY(f.queue.approve(flagged.result.messageId).result.ok());
    }

    void rejectionCarriesItsReasonToTheCustomer()
    {
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        Fixture f(policy);
        const qint64 id = f.submit(QStringLiteral("hello")).result.messageId;
        const BannerChange rejected = f.queue.execute(command::Reject{id, QStringLiteral("  Not suitable for a family beach  ")});
        QVERIFY(rejected.result.ok());
        QCOMPARE(f.eventTypes(rejected), QStringList{QStringLiteral("message_rejected")});
        // Trimmed, in the receipt and in the event's message, which is what a customer follows.
        QCOMPARE(rejected.messages.first().reason, QStringLiteral("Not suitable for a family beach"));
        const QJsonObject message = payloadOf(rejected.events.first()).value(QStringLiteral("message")).toObject();
        QCOMPARE(message.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(message.value(QStringLiteral("reason")).toString(), QStringLiteral("Not suitable for a family beach"));
        QCOMPARE(BannerMessage::fromJson(message)->reason, QStringLiteral("Not suitable for a family beach"));

        // No reason: the message has none, and its JSON no field.
        const qint64 plain = f.submit(QStringLiteral("plain")).result.messageId;
        const BannerChange bare = f.queue.reject(plain);
        QVERIFY(bare.result.ok());
        QVERIFY(!payloadOf(bare.events.first()).value(QStringLiteral("message")).toObject().contains(QStringLiteral("reason")));
    }

    void badReasonsChangeNothing()
    {
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        Fixture f(policy);
        const qint64 id = f.submit(QStringLiteral("hello")).result.messageId;
        const BannerChange tooLong = f.queue.reject(id, QString(command::Reject::maxReasonLength + 1, u'x'));
        QCOMPARE(tooLong.result.error.code(), FleetError::Code::InvalidArgument);
        QVERIFY(tooLong.result.error.message().contains(QStringLiteral("reason")));
        QVERIFY(!tooLong.changesState());
        const BannerChange control = f.queue.reject(id, QStringLiteral("bad\nline"));
        QCOMPARE(control.result.error.code(), FleetError::Code::InvalidArgument);
        QVERIFY(!control.changesState());
        QCOMPARE(f.queue.state().queue.size(), 1);
        QCOMPARE(f.queue.state().queue.first().status, BannerMessage::Status::Held);
        // Exactly the limit, counted in characters (an emoji is one) and after trimming, is fine.
        const QString emoji = QString::fromUtf8("\xF0\x9F\x8C\x8A");
        QString limit;
        for (int i = 0; i < command::Reject::maxReasonLength; ++i)
            limit += emoji;
        QVERIFY(f.queue.reject(id, QStringLiteral("  ") + limit + QStringLiteral(" ")).result.ok());
    }

    void showNowSetsTheMessageOnAirAsideAndShowsItAgainInFull()
    {
        Fixture f;
        const qint64 first = f.submit(QStringLiteral("one")).result.messageId;
        const qint64 second = f.submit(QStringLiteral("two")).result.messageId;
        const qint64 safety = f.submit(QStringLiteral("storm: land now")).result.messageId;
        f.queue.displayed(first);
        f.clock.advance(20'000);

        const BannerChange c = f.queue.execute(command::ShowNow{safety});
        QVERIFY(c.result.ok());
        QCOMPARE(c.result.position, 0);
        QCOMPARE(f.eventTypes(c), (QStringList{QStringLiteral("message_preempted"), QStringLiteral("message_sent")}));
        QCOMPARE(c.deviceCommands.size(), 1);
        QCOMPARE(c.deviceCommands.first().kind, DeviceCommand::Kind::Show);
        QCOMPARE(c.deviceCommands.first().messageId, safety);
        // The interrupted one's end reminder is cancelled; it waits first, as new.
        QCOMPARE(c.reminders.size(), 1);
        QVERIFY(c.reminders.first().removed);
        QCOMPARE(c.reminders.first().name, ReminderOp::endOfDisplayName(first));
        QCOMPARE(f.queuedIds(), (QList<qint64>{first, second}));
        const BannerMessage &aside = f.queue.state().queue.first();
        QCOMPARE(aside.status, BannerMessage::Status::Queued);
        QVERIFY(!aside.startedMs && !aside.endsAtMs && !aside.endedMs);
        QCOMPARE(payloadOf(c.events.first()).value(QStringLiteral("position")).toInt(), 1);
        QCOMPARE(f.queue.state().current->id, safety);

        // Its old reminder is stale now; the late confirmation of it is refused.
        QVERIFY(!f.queue.reminderDue(ReminderOp::endOfDisplayName(first)).events.size());
        QCOMPARE(f.queue.displayed(first).result.error.code(), FleetError::Code::NotQueued);

        // After the safety message, the set-aside one goes out again with its whole display time.
        f.queue.displayed(safety);
        f.clock.advance(60'000);
        const BannerChange after = f.queue.reminderDue(ReminderOp::endOfDisplayName(safety));
        QCOMPARE(f.eventTypes(after), (QStringList{QStringLiteral("message_shown"), QStringLiteral("message_sent")}));
        QCOMPARE(after.deviceCommands.first().messageId, first);
        QCOMPARE(after.deviceCommands.first().durationMs, 60'000);
    }

    void showNowOfAHeldMessageApprovesIt()
    {
        FleetPolicy policy;
        policy.review = ReviewPolicy::All;
        Fixture f(policy);
        const qint64 held = f.submit(QStringLiteral("storm")).result.messageId;
        const BannerChange c = f.queue.showNow(held);
        QCOMPARE(f.eventTypes(c), (QStringList{QStringLiteral("message_approved"), QStringLiteral("message_sent")}));
        QCOMPARE(f.queue.state().current->id, held);
        // Nothing waiting: it is on air or gone.
        QCOMPARE(f.queue.showNow(held).result.error.code(), FleetError::Code::NotQueued);
        QCOMPARE(f.queue.showNow(kBanner * BannerState::kMessagesPerBanner + 99).result.error.code(),
                 FleetError::Code::UnknownMessage);
    }

    void showNowOnAPausedOrOfflineBannerGoesFirst()
    {
        Fixture f(FleetPolicy{}, false);
        f.submit(QStringLiteral("one"));
        const qint64 urgent = f.submit(QStringLiteral("urgent")).result.messageId;
        const BannerChange c = f.queue.showNow(urgent);
        QVERIFY(c.result.ok());
        QCOMPARE(c.result.position, 1);
        QCOMPARE(f.eventTypes(c), QStringList{QStringLiteral("message_moved")});
        QVERIFY(c.deviceCommands.isEmpty());
        QCOMPARE(f.queuedIds().first(), urgent);
        QCOMPARE(f.queue.deviceConnected().deviceCommands.first().messageId, urgent);
    }

    void offlineBannerHoldsItsHead()
    {
        Fixture f(FleetPolicy{}, false);
        const BannerChange c = f.submit(QStringLiteral("hello"));
        QCOMPARE(c.result.position, 1);
        QVERIFY(c.deviceCommands.isEmpty());
        QCOMPARE(f.queue.status(), BannerStatus::Offline);
        const BannerChange connected = f.queue.deviceConnected();
        QCOMPARE(f.eventTypes(connected), (QStringList{QStringLiteral("device_connected"), QStringLiteral("message_sent")}));
        QCOMPARE(connected.deviceCommands.first().messageId, c.result.messageId);
        // Lost before confirming: it stays current and is sent again on reconnection.
        QCOMPARE(f.eventTypes(f.queue.deviceDisconnected()), QStringList{QStringLiteral("device_disconnected")});
        QCOMPARE(f.queue.status(), BannerStatus::Offline);
        QVERIFY(f.queue.displayed(c.result.messageId).result.ok()); // a confirmation in flight still counts
        const BannerChange back = f.queue.deviceConnected();
        QCOMPARE(back.deviceCommands.size(), 1);
        QCOMPARE(back.deviceCommands.first().messageId, c.result.messageId);
        QCOMPARE(back.deviceCommands.first().durationMs, 60'000);
    }

    void reconnectingDeviceReportsWhatItShows()
    {
        Fixture f(FleetPolicy{}, false);
        const qint64 id = f.submit(QStringLiteral("hello")).result.messageId;
        f.queue.deviceConnected();
        f.queue.deviceDisconnected();
        // It did show the message before the link dropped: its hello confirms it.
        const BannerChange back = f.queue.deviceConnected(id);
        QVERIFY(back.deviceCommands.isEmpty());
        QVERIFY(f.eventTypes(back).contains(QStringLiteral("message_displaying")));
        QCOMPARE(f.queue.status(), BannerStatus::Displaying);
        // A device that still shows an ended message is blanked.
        f.clock.advance(60'000);
        f.queue.reminderDue(ReminderOp::endOfDisplayName(id));
        f.queue.deviceDisconnected();
        const BannerChange stale = f.queue.deviceConnected(id);
        QCOMPARE(stale.deviceCommands.first().kind, DeviceCommand::Kind::Blank);
    }

    void deviceBlankingInterruptsTheMessage()
    {
        Fixture f;
        const qint64 first = f.submit(QStringLiteral("one")).result.messageId;
        const qint64 second = f.submit(QStringLiteral("two")).result.messageId;
        QVERIFY(f.queue.deviceBlanked().events.isEmpty()); // not yet confirmed: an old echo
        f.queue.displayed(first);
        const BannerChange c = f.queue.deviceBlanked();
        QCOMPARE(f.eventTypes(c), (QStringList{QStringLiteral("message_interrupted"), QStringLiteral("message_sent")}));
        QCOMPARE(c.deviceCommands.first().messageId, second);
    }

    void neverTwoMessagesAtOnce()
    {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.submit(QStringLiteral("m%1").arg(i));
        // A confirmation of a queued (not sent) message is refused.
        const qint64 queued = f.queue.state().queue.first().id;
        QCOMPARE(f.queue.displayed(queued).result.error.code(), FleetError::Code::NotQueued);
        QVERIFY(f.queue.state().current->status == BannerMessage::Status::Sent);
    }
};

QTEST_GUILESS_MAIN(tst_BannerQueue)
#include "tst_bannerqueue.moc"
