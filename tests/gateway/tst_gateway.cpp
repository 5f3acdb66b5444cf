#include "AccessPolicy.h"
#include "BannerState.h"
#include "GatewayFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTcpSocket>
#include <QtTest>

using namespace airdisplay;

namespace {
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
} // namespace

class TestGateway : public QObject
{
    Q_OBJECT

private slots:
    void restPerRole();
    void webSocketPerRole();
    void authorisationMatrix();
    void racingSubmissions();
    void reconnectFromSequence();
    void liveFanoutShapes();
    void malformedInputs();
    void provisioning();
    void malformedProvisioning();
    void oversizedBodyIsRefusedUnread();
    void rateLimit();
    void connectionLimit();
    void slowConsumerIsCoalescedThenClosed();
    void welcomeTellsThePolicyLimits();
    void customerSeesTheRejectionReason();
    void showNowOverTheWire();
};

void TestGateway::restPerRole()
{
    GatewayFixture f(5, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString op = f.token(Role::Operator);
    const QString viewer = f.token(Role::Viewer);
    const QString dispatcher = f.token(Role::Dispatcher);
    const QString admin = f.token(Role::Admin);

    auto health = f.request("GET", s("/healthz"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(s("status")).toString(), s("ok"));

    auto submitted = f.request("POST", s("/api/v1/banners/2/messages"), op, R"({"text":"Hello world","requestId":"r-1"})");
    QCOMPARE(submitted.status, 201);
    const qint64 messageId = qint64(submitted.json.value(s("messageId")).toDouble());
    QCOMPARE(BannerState::bannerOfMessage(messageId), 2);
    QCOMPARE(submitted.json.value(s("position")).toInt(), 1);
    QVERIFY(submitted.json.value(s("estimatedStart")).toDouble() > 0);

    auto retry = f.request("POST", s("/api/v1/banners/2/messages"), op, R"({"text":"Hello world","requestId":"r-1"})");
    QCOMPARE(retry.status, 200);
    QCOMPARE(qint64(retry.json.value(s("messageId")).toDouble()), messageId);
    QVERIFY(retry.json.value(s("duplicate")).toBool());

    auto list = f.request("GET", s("/api/v1/banners?limit=2"), viewer);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json.value(s("banners")).toArray().size(), 2);
    QCOMPARE(list.json.value(s("next")).toDouble(), 2.0);
    auto page2 = f.request("GET", s("/api/v1/banners?after=2&limit=10"), viewer);
    QCOMPARE(page2.json.value(s("banners")).toArray().size(), 3);
    QVERIFY(page2.json.value(s("next")).isNull());
    auto offline = f.request("GET", s("/api/v1/banners?status=offline"), viewer);
    QCOMPARE(offline.json.value(s("banners")).toArray().size(), 5);

    auto one = f.request("GET", s("/api/v1/banners/2"), viewer);
    QCOMPARE(one.status, 200);
    const QJsonArray queue = one.json.value(s("banner")).toObject().value(s("queue")).toArray();
    QCOMPARE(queue.size(), 1);
    QCOMPARE(qint64(queue.at(0).toObject().value(s("id")).toDouble()), messageId);

    auto receipt = f.request("GET", QStringLiteral("/api/v1/messages/%1").arg(messageId), viewer);
    QCOMPARE(receipt.status, 200);
    QCOMPARE(receipt.json.value(s("message")).toObject().value(s("text")).toString(), s("Hello world"));

    auto events = f.request("GET", s("/api/v1/events?after=0&banner=2"), viewer);
    QCOMPARE(events.status, 200);
    QVERIFY(!events.json.value(s("events")).toArray().isEmpty());

    QCOMPARE(f.request("POST", s("/api/v1/banners/2/messages"), viewer, R"({"text":"x","requestId":"v"})").status, 403);
    QCOMPARE(f.request("POST", s("/api/v1/banners/2/pause"), op).status, 403);
    QCOMPARE(f.request("POST", s("/api/v1/banners/2/pause"), dispatcher).status, 200);
    QCOMPARE(f.request("POST", s("/api/v1/banners/2/resume"), dispatcher).status, 200);
    QCOMPARE(f.request("POST", QStringLiteral("/api/v1/banners/2/messages/%1/move").arg(messageId), dispatcher, R"({"position":1})").status, 200);

    auto second = f.request("POST", s("/api/v1/banners/2/messages"), op, R"({"text":"Second","requestId":"r-2"})");
    const qint64 secondId = qint64(second.json.value(s("messageId")).toDouble());
    QCOMPARE(f.request("DELETE", QStringLiteral("/api/v1/banners/2/messages/%1").arg(secondId), dispatcher).json
                 .value(s("error")).toObject().value(s("code")).toString(), s("not_author"));
    QCOMPARE(f.request("DELETE", QStringLiteral("/api/v1/banners/2/messages/%1").arg(secondId), op).status, 200);
    QCOMPARE(f.request("POST", QStringLiteral("/api/v1/banners/2/messages/%1/remove").arg(messageId), dispatcher).status, 200);
    QCOMPARE(f.request("POST", s("/api/v1/banners/2/blank"), admin).status, 200);

    QCOMPARE(f.request("GET", s("/metrics"), viewer).status, 403);
    auto metrics = f.request("GET", s("/metrics"), admin);
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("airdisplay_gateway_http_requests_total"));
    QVERIFY(metrics.body.contains("airdisplay_store_transactions_total"));
    QVERIFY(metrics.body.contains("airdisplay_fleet_submissions_accepted_total"));

    auto root = f.request("GET", s("/"));
    QVERIFY(root.status == 200 || root.status == 404);
}

void TestGateway::webSocketPerRole()
{
    GatewayFixture f(3, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    WsClient watcher, customer, dispatcher, device;
    for (WsClient *c : {&watcher, &customer, &dispatcher, &device})
        QVERIFY(c->open(wsUrl(f)));
    QVERIFY(watcher.authenticate(f.token(Role::Viewer)));
    QVERIFY(customer.authenticate(f.token(Role::Operator)));
    QVERIFY(dispatcher.authenticate(f.token(Role::Dispatcher)));
    QVERIFY(device.authenticate(f.token(Role::Device, 1)));
    QCOMPARE(device.frames.last().value(s("bannerId")).toInt(), 1);

    watcher.send(frame("subscribe", {{s("banners"), QJsonArray{1}}}, s("sub")));
    QVERIFY(watcher.waitFor(answerTo(s("sub"))) >= 0);

    device.send(frame("hello", {}, s("h")));
    QVERIFY(device.waitFor(answerTo(s("h"))) >= 0);
    device.send(frame("telemetry", {{s("lat"), 51.5}, {s("lon"), -0.12}, {s("heading"), 90}, {s("battery"), 80}}));

    customer.send(frame("submit", {{s("bannerId"), 1}, {s("text"), s("Marry me")}, {s("requestId"), s("q1")}}, s("s1")));
    const int ack = customer.waitFor(answerTo(s("s1")));
    QVERIFY(ack >= 0);
    QCOMPARE(customer.frames[ack].value(s("type")).toString(), s("ack"));
    const qint64 messageId = qint64(customer.frames[ack].value(s("messageId")).toDouble());

    const int show = device.waitFor(ofType("show"));
    QVERIFY(show >= 0);
    QCOMPARE(qint64(device.frames[show].value(s("messageId")).toDouble()), messageId);
    QCOMPARE(device.frames[show].value(s("text")).toString(), s("Marry me"));
    device.send(frame("displayed", {{s("messageId"), double(messageId)}}, s("d")));
    QVERIFY(device.waitFor(answerTo(s("d"))) >= 0);
    QCOMPARE(device.frames[device.waitFor(answerTo(s("d")))].value(s("type")).toString(), s("ack"));

    QVERIFY(watcher.waitFor([&](const QJsonObject &e) {
        return e.value(s("type")) == s("event") && e.value(s("event")) == s("message_displaying");
    }) >= 0);

    dispatcher.send(frame("blank", {{s("bannerId"), 1}}, s("b")));
    QVERIFY(dispatcher.waitFor(answerTo(s("b"))) >= 0);
    QVERIFY(device.waitFor(ofType("blank")) >= 0);
    device.send(frame("blanked", {}, s("bl")));
    QVERIFY(device.waitFor(answerTo(s("bl"))) >= 0);

    // A second connection of the same device replaces the first.
    WsClient again;
    QVERIFY(again.open(wsUrl(f)));
    QVERIFY(again.authenticate(f.token(Role::Device, 1)));
    again.send(frame("hello", {}, s("h2")));
    QVERIFY(again.waitFor(answerTo(s("h2"))) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(device.disconnected, 5000);
    QCOMPARE(device.closeCode, 4009);

    customer.send(frame("ping", {}, s("p")));
    QVERIFY(customer.waitFor(ofType("pong")) >= 0);
}

void TestGateway::authorisationMatrix()
{
    GatewayFixture f(3, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 message = 2 * BannerState::kMessagesPerBanner + 1;
    struct Op
    {
        const char *type;
        QJsonObject fields;
        std::optional<Operation> operation; // none: a banner command, allowed by its issuer
    };
    const QList<Op> ops{
        {"subscribe", {{s("banners"), QJsonArray{2}}}, Operation::Subscribe},
        {"submit", {{s("bannerId"), 2}, {s("text"), s("hi")}, {s("requestId"), s("m")}}, {}},
        {"cancel", {{s("messageId"), double(message)}}, {}},
        {"remove", {{s("messageId"), double(message)}}, {}},
        {"move", {{s("messageId"), double(message)}, {s("position"), 1}}, {}},
        {"approve", {{s("messageId"), double(message)}}, {}},
        {"reject", {{s("messageId"), double(message)}}, {}},
        {"show_now", {{s("messageId"), double(message)}}, {}},
        {"blank", {{s("bannerId"), 2}}, {}},
        {"pause", {{s("bannerId"), 2}}, {}},
        {"resume", {{s("bannerId"), 2}}, {}},
        {"hello", {}, Operation::DeviceHello},
        {"displayed", {{s("messageId"), double(message)}}, {}},
        {"blanked", {}, {}},
    };
    auto allows = [](Role role, const Op &op) {
        return op.operation ? AccessPolicy::allows(role, *op.operation)
                            : AccessPolicy::allows(role, commandIssuer(*commandFromName(QString::fromLatin1(op.type))));
    };
    const QList<Role> roles{Role::Viewer, Role::Operator, Role::Dispatcher, Role::Device, Role::Admin};
    int checked = 0;
    for (Role role : roles) {
        const QString token = f.token(role, role == Role::Device ? 2 : 0);
        WsClient c;
        QVERIFY(c.open(wsUrl(f)));
        QVERIFY(c.authenticate(token));
        for (const Op &op : ops) {
            const QString id = QStringLiteral("%1-%2").arg(roleName(role), s(op.type));
            c.send(frame(op.type, op.fields, id));
            const int i = c.waitFor(answerTo(id));
            QVERIFY2(i >= 0, qPrintable(id));
            const bool forbidden = c.frames[i].value(s("code")).toString() == s("forbidden");
            QVERIFY2(forbidden != allows(role, op), qPrintable(id + QJsonDocument(c.frames[i]).toJson()));
            ++checked;
        }
        // REST: the read side, the submission and the metrics.
        const bool reads = AccessPolicy::allows(role, Operation::ListBanners);
        QCOMPARE(f.request("GET", s("/api/v1/banners"), token).status == 403, !reads);
        QCOMPARE(f.request("GET", s("/api/v1/events"), token).status == 403, !reads);
        QCOMPARE(f.request("GET", s("/metrics"), token).status == 403, !AccessPolicy::allows(role, Operation::ReadMetrics));
        const auto submit = f.request("POST", s("/api/v1/banners/3/messages"), token,
                                      QByteArray(R"({"text":"rest","requestId":")") + roleName(role).toLatin1() + "\"}");
        QCOMPARE(submit.status == 403, !AccessPolicy::allows(role, CommandIssuer::Customer));
        const auto registered = f.request("POST", s("/api/v1/banners"), token, R"({"banners":[{"id":3,"callsign":"BNR-3"}]})");
        QCOMPARE(registered.status == 403, !AccessPolicy::allows(role, Operation::RegisterBanners));
        const auto minted = f.request("POST", s("/api/v1/tokens"), token, R"({"role":"device","bannerIds":[3]})");
        QCOMPARE(minted.status == 403, !AccessPolicy::allows(role, Operation::CreateTokens));
        checked += 6;
    }
    // A device speaks only for its own banner.
    WsClient device;
    QVERIFY(device.open(wsUrl(f)));
    QVERIFY(device.authenticate(f.token(Role::Device, 1)));
    device.send(frame("displayed", {{s("messageId"), double(message)}}, s("other")));
    const int i = device.waitFor(answerTo(s("other")));
    QVERIFY(i >= 0);
    QCOMPARE(device.frames[i].value(s("code")).toString(), s("wrong_banner"));
    QVERIFY(checked >= 5 * 18);
}

void TestGateway::racingSubmissions()
{
    FleetPolicy policy;
    policy.queueLimit = 5000;
    GatewayFixture f(2, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    constexpr int kEach = 1000;
    WsClient a, b;
    QVERIFY(a.open(wsUrl(f)) && b.open(wsUrl(f)));
    QVERIFY(a.authenticate(f.token(Role::Operator)));
    QVERIFY(b.authenticate(f.token(Role::Operator)));
    for (int i = 0; i < kEach; ++i) {
        a.send(frame("submit", {{s("bannerId"), 1}, {s("text"), QStringLiteral("a %1").arg(i)}, {s("requestId"), QStringLiteral("a%1").arg(i)}}, QStringLiteral("a%1").arg(i)));
        b.send(frame("submit", {{s("bannerId"), 1}, {s("text"), QStringLiteral("b %1").arg(i)}, {s("requestId"), QStringLiteral("b%1").arg(i)}}, QStringLiteral("b%1").arg(i)));
    }
    auto acks = [](const WsClient &c) {
        int n = 0;
        for (const QJsonObject &fr : c.frames)
            n += fr.value(s("type")) == s("ack") || fr.value(s("type")) == s("error");
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(acks(a) == kEach && acks(b) == kEach, 120000);
    QHash<qint64, int> positionOf;
    QSet<int> positions;
    for (const WsClient *c : {&a, &b}) {
        for (const QJsonObject &fr : c->frames) {
            if (fr.value(s("type")) == s("welcome"))
                continue;
            QCOMPARE(fr.value(s("type")).toString(), s("ack"));
            const qint64 id = qint64(fr.value(s("messageId")).toDouble());
            QVERIFY(!positionOf.contains(id));
            positionOf.insert(id, fr.value(s("position")).toInt());
            positions.insert(fr.value(s("position")).toInt());
        }
    }
    QCOMPARE(positionOf.size(), 2 * kEach);
    // One total order: every position from 1 to 2000 given once.
    QCOMPARE(positions.size(), 2 * kEach);
    QCOMPARE(*std::max_element(positions.begin(), positions.end()), 2 * kEach);
    // And the banner's queue is exactly that order, nothing overwritten.
    auto state = f.engine().bannerState(1);
    state.waitForFinished();
    QVERIFY(state.result().has_value());
    const BannerState st = *state.result();
    QList<qint64> inQueue;
    if (st.current)
        inQueue.append(st.current->id);
    for (const BannerMessage &m : st.queue)
        inQueue.append(m.id);
    QCOMPARE(inQueue.size(), 2 * kEach);
    for (int i = 0; i < inQueue.size(); ++i)
        QCOMPARE(positionOf.value(inQueue[i]), i + 1);
}

void TestGateway::reconnectFromSequence()
{
    FleetPolicy policy;
    policy.queueLimit = 1000;
    GatewayFixture f(4, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString viewer = f.token(Role::Viewer);
    WsClient reference, flaky, sender;
    QVERIFY(reference.open(wsUrl(f)) && flaky.open(wsUrl(f)) && sender.open(wsUrl(f)));
    QVERIFY(reference.authenticate(viewer) && flaky.authenticate(viewer));
    QVERIFY(sender.authenticate(f.token(Role::Operator)));
    reference.send(frame("subscribe", {}, s("r")));
    flaky.send(frame("subscribe", {}, s("f")));
    QVERIFY(reference.waitFor(answerTo(s("r"))) >= 0 && flaky.waitFor(answerTo(s("f"))) >= 0);

    auto submitBatch = [&](int from, int count) {
        for (int i = from; i < from + count; ++i)
            sender.send(frame("submit", {{s("bannerId"), 1 + i % 4}, {s("text"), QStringLiteral("m%1").arg(i)}, {s("requestId"), QStringLiteral("m%1").arg(i)}}, QStringLiteral("m%1").arg(i)));
        QVERIFY(sender.waitFor(answerTo(QStringLiteral("m%1").arg(from + count - 1)), 60000) >= 0);
    };
    auto seqs = [](const QList<QJsonObject> &frames) {
        QList<qint64> out;
        for (const QJsonObject &fr : frames) {
            if (fr.value(s("type")) == s("event"))
                out.append(qint64(fr.value(s("seq")).toDouble()));
        }
        return out;
    };
    submitBatch(0, 200);
    QTRY_VERIFY_WITH_TIMEOUT(seqs(flaky.frames).size() >= 200, 20000);
    const QList<qint64> before = seqs(flaky.frames);
    const qint64 lastSeen = before.last();
    flaky.socket.abort();

    submitBatch(200, 300); // missed while away

    WsClient back;
    QVERIFY(back.open(wsUrl(f)));
    QVERIFY(back.authenticate(viewer));
    back.send(frame("subscribe", {{s("fromSeq"), double(lastSeen)}}, s("b")));
    submitBatch(500, 200); // live again, racing the catch-up

    QTRY_VERIFY_WITH_TIMEOUT(seqs(reference.frames).size() >= 700 && !seqs(back.frames).isEmpty()
                                 && seqs(back.frames).last() == seqs(reference.frames).last(), 30000);
    QList<qint64> combined = before;
    combined += seqs(back.frames);
    QCOMPARE(combined, seqs(reference.frames));
    QCOMPARE(QSet<qint64>(combined.begin(), combined.end()).size(), combined.size());

    // Caught up, the session moves to the shared fanout (as the reference is), still without a gap
    // or a repeat.
    const QString admin = f.token(Role::Admin);
    QTRY_VERIFY_WITH_TIMEOUT(f.request("GET", s("/metrics"), admin).body.contains("airdisplay_gateway_live_subscribers 2"), 10000);
    submitBatch(700, 200);
    QTRY_VERIFY_WITH_TIMEOUT(seqs(reference.frames).size() >= 900 && seqs(back.frames).last() == seqs(reference.frames).last(), 30000);
    combined = before;
    combined += seqs(back.frames);
    QCOMPARE(combined, seqs(reference.frames));
}

// Live subscribers are served by the shared fan-out: one per event ("event" frames), batched
// ("events" frames), and a set of banners; each sees exactly its events, in order, once.
void TestGateway::liveFanoutShapes()
{
    FleetPolicy policy;
    policy.queueLimit = 1000;
    GatewayFixture f(4, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString viewer = f.token(Role::Viewer);
    WsClient single, batched, two, sender;
    QVERIFY(single.open(wsUrl(f)) && batched.open(wsUrl(f)) && two.open(wsUrl(f)) && sender.open(wsUrl(f)));
    QVERIFY(single.authenticate(viewer) && batched.authenticate(viewer) && two.authenticate(viewer));
    QVERIFY(sender.authenticate(f.token(Role::Operator)));
    single.send(frame("subscribe", {}, s("a")));
    batched.send(frame("subscribe", {{s("batch"), true}}, s("b")));
    two.send(frame("subscribe", {{s("banners"), QJsonArray{2}}, {s("batch"), true}}, s("c")));
    QVERIFY(single.waitFor(answerTo(s("a"))) >= 0 && batched.waitFor(answerTo(s("b"))) >= 0 && two.waitFor(answerTo(s("c"))) >= 0);
    const auto metrics = f.request("GET", s("/metrics"), f.token(Role::Admin));
    QVERIFY2(metrics.body.contains("airdisplay_gateway_live_subscribers 3"), metrics.body.constData());

    constexpr int kMessages = 300;
    for (int i = 0; i < kMessages; ++i)
        sender.send(frame("submit", {{s("bannerId"), 1 + i % 4}, {s("text"), QStringLiteral("f%1").arg(i)}, {s("requestId"), QStringLiteral("f%1").arg(i)}}, QStringLiteral("f%1").arg(i)));
    QVERIFY(sender.waitFor(answerTo(QStringLiteral("f%1").arg(kMessages - 1)), 60000) >= 0);

    // Flattens "event" and "events" frames into (seq, banner) pairs and checks each batch's header.
    auto events = [](const QList<QJsonObject> &frames, int *batches = nullptr) {
        QList<std::pair<qint64, qint64>> out;
        for (const QJsonObject &fr : frames) {
            if (fr.value(s("type")) == s("event")) {
                out.append({qint64(fr.value(s("seq")).toDouble()), qint64(fr.value(s("bannerId")).toDouble())});
            } else if (fr.value(s("type")) == s("events")) {
                const QJsonArray list = fr.value(s("events")).toArray();
                if (batches)
                    ++*batches;
                if (fr.value(s("count")).toInt() != list.size() || list.isEmpty()
                    || fr.value(s("fromSeq")).toDouble() != list.first().toObject().value(s("seq")).toDouble()
                    || fr.value(s("toSeq")).toDouble() != list.last().toObject().value(s("seq")).toDouble())
                    out.append({-1, -1}); // a header that does not describe its events
                for (const QJsonValue &v : list)
                    out.append({qint64(v.toObject().value(s("seq")).toDouble()), qint64(v.toObject().value(s("bannerId")).toDouble())});
            }
        }
        return out;
    };
    // Every submission makes at least one event (queued; the first of each banner also its sending).
    QTRY_VERIFY_WITH_TIMEOUT(events(single.frames).size() >= kMessages && events(batched.frames) == events(single.frames), 30000);
    const auto all = events(single.frames);
    for (int i = 1; i < all.size(); ++i)
        QCOMPARE(all[i].first, all[i - 1].first + 1); // every event, in order, none twice
    int batches = 0;
    QCOMPARE(events(batched.frames, &batches), all);
    QVERIFY(batches >= 1);
    QList<std::pair<qint64, qint64>> ofTwo;
    for (const auto &e : all) {
        if (e.second == 2)
            ofTwo.append(e);
    }
    QVERIFY(!ofTwo.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(events(two.frames).size() >= ofTwo.size(), 10000);
    const auto seenByTwo = events(two.frames);
    for (int i = 0; i < ofTwo.size(); ++i)
        QVERIFY2(seenByTwo[i] == ofTwo[i], qPrintable(QStringLiteral("event %1: seq %2 of banner %3, expected seq %4 of banner %5")
                                                          .arg(i).arg(seenByTwo[i].first).arg(seenByTwo[i].second)
                                                          .arg(ofTwo[i].first).arg(ofTwo[i].second)));
    QCOMPARE(seenByTwo.size(), ofTwo.size());
}

void TestGateway::provisioning()
{
    GatewayFixture f(2, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString admin = f.token(Role::Admin);

    // Banner 2 is in the fleet already: reported as existing, the others registered.
    const auto first = f.request("POST", s("/api/v1/banners"), admin,
                                 R"({"banners":[{"id":2,"callsign":"BNR-2"},{"id":3,"callsign":"BNR-3"},{"id":4,"callsign":"BNR-4"}]})");
    QCOMPARE(first.status, 201);
    QCOMPARE(first.json.value(s("registered")).toInt(), 2);
    QCOMPARE(first.json.value(s("existing")).toInt(), 1);
    QCOMPARE(f.request("GET", s("/api/v1/banners/4"), admin).status, 200);
    // Repeating the call changes nothing.
    const auto again = f.request("POST", s("/api/v1/banners"), admin, R"({"banners":[{"id":3,"callsign":"BNR-3"}]})");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json.value(s("registered")).toInt(), 0);
    QCOMPARE(again.json.value(s("existing")).toInt(), 1);

    const auto minted = f.request("POST", s("/api/v1/tokens"), admin, R"({"role":"device","bannerIds":[3,4],"label":"sim"})");
    QCOMPARE(minted.status, 201);
    const QJsonArray tokens = minted.json.value(s("tokens")).toArray();
    QCOMPARE(tokens.size(), 2);
    QCOMPARE(tokens[0].toObject().value(s("bannerId")).toInt(), 3);
    QCOMPARE(tokens[1].toObject().value(s("bannerId")).toInt(), 4);
    const QString device4 = tokens[1].toObject().value(s("token")).toString();
    QVERIFY(device4.startsWith(s("adt_")));

    // The new token is banner 4's device, and only that.
    WsClient device;
    QVERIFY(device.open(wsUrl(f)));
    QVERIFY(device.authenticate(device4));
    const int welcome = device.waitFor(ofType("welcome"));
    QCOMPARE(device.frames[welcome].value(s("role")).toString(), s("device"));
    QCOMPARE(device.frames[welcome].value(s("bannerId")).toInt(), 4);
    device.send(frame("hello", {}, s("h")));
    const int hello = device.waitFor(answerTo(s("h")));
    QVERIFY(hello >= 0);
    QVERIFY2(device.frames[hello].value(s("type")).toString() != s("error"), qPrintable(QJsonDocument(device.frames[hello]).toJson()));
    QTRY_VERIFY(f.request("GET", s("/api/v1/banners/4"), admin).json.value(s("banner")).toObject().value(s("link")).toBool());
    device.send(frame("displayed", {{s("messageId"), double(3 * BannerState::kMessagesPerBanner + 1)}}, s("w")));
    const int wrong = device.waitFor(answerTo(s("w")));
    QVERIFY(wrong >= 0);
    QCOMPARE(device.frames[wrong].value(s("code")).toString(), s("wrong_banner"));
    QCOMPARE(f.request("GET", s("/api/v1/banners"), device4).status, 403);

    // One token of another role.
    const auto viewer = f.request("POST", s("/api/v1/tokens"), admin, R"({"role":"viewer","label":"wall"})");
    QCOMPARE(viewer.status, 201);
    const QString viewerToken = viewer.json.value(s("tokens")).toArray().at(0).toObject().value(s("token")).toString();
    QCOMPARE(f.request("GET", s("/api/v1/banners"), viewerToken).status, 200);
    QCOMPARE(f.request("POST", s("/api/v1/banners/1/pause"), viewerToken).status, 403);

    // Every other role is refused both endpoints.
    for (Role role : {Role::Viewer, Role::Operator, Role::Dispatcher, Role::Device}) {
        const QString token = f.token(role, role == Role::Device ? 1 : 0);
        const auto banners = f.request("POST", s("/api/v1/banners"), token, R"({"banners":[{"id":9,"callsign":"BNR-9"}]})");
        QCOMPARE(banners.status, 403);
        QCOMPARE(banners.json.value(s("error")).toObject().value(s("code")).toString(), s("forbidden"));
        const auto tokens403 = f.request("POST", s("/api/v1/tokens"), token, R"({"role":"admin"})");
        QCOMPARE(tokens403.status, 403);
        QCOMPARE(tokens403.json.value(s("error")).toObject().value(s("code")).toString(), s("forbidden"));
    }
    QCOMPARE(f.request("GET", s("/api/v1/banners/9"), admin).status, 404);
    QCOMPARE(f.request("POST", s("/api/v1/tokens")).status, 401);
}

void TestGateway::malformedProvisioning()
{
    GatewayFixture f(2, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString admin = f.token(Role::Admin);
    struct Case
    {
        const char *path;
        QByteArray body;
        int status;
        const char *code;
    };
    QByteArray tooMany = "{\"role\":\"device\",\"bannerIds\":[1";
    for (int i = 1; i < 1001; ++i)
        tooMany += ",1";
    tooMany += "]}";
    const QList<Case> cases{
        {"/api/v1/banners", "{nope", 400, "invalid_json"},
        {"/api/v1/banners", "[]", 400, "not_an_object"},
        {"/api/v1/banners", "{}", 400, "missing_field"},
        {"/api/v1/banners", R"({"banners":{"id":3}})", 400, "wrong_type"},
        {"/api/v1/banners", R"({"banners":[]})", 400, "out_of_range"},
        {"/api/v1/banners", R"({"banners":[7]})", 400, "wrong_type"},
        {"/api/v1/banners", R"({"banners":[{"callsign":"X"}]})", 400, "missing_field"},
        {"/api/v1/banners", R"({"banners":[{"id":"3","callsign":"X"}]})", 400, "wrong_type"},
        {"/api/v1/banners", R"({"banners":[{"id":0,"callsign":"X"}]})", 400, "out_of_range"},
        {"/api/v1/banners", R"({"banners":[{"id":3.5,"callsign":"X"}]})", 400, "out_of_range"},
        {"/api/v1/banners", R"({"banners":[{"id":3}]})", 400, "missing_field"},
        {"/api/v1/banners", R"({"banners":[{"id":3,"callsign":5}]})", 400, "wrong_type"},
        {"/api/v1/banners", R"({"banners":[{"id":3,"callsign":"A"},{"id":3,"callsign":"B"}]})", 400, "out_of_range"},
        {"/api/v1/banners", R"({"banners":[{"id":3,"callsign":"  "}]})", 400, "invalid_argument"},
        {"/api/v1/tokens", "{nope", 400, "invalid_json"},
        {"/api/v1/tokens", "{}", 400, "missing_field"},
        {"/api/v1/tokens", R"({"role":3})", 400, "wrong_type"},
        {"/api/v1/tokens", R"({"role":"root"})", 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"viewer","bannerId":1})", 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"device"})", 400, "missing_field"},
        {"/api/v1/tokens", R"({"role":"device","bannerId":1,"bannerIds":[1]})", 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"device","bannerIds":1})", 400, "wrong_type"},
        {"/api/v1/tokens", R"({"role":"device","bannerIds":[]})", 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"device","bannerIds":["1"]})", 400, "wrong_type"},
        {"/api/v1/tokens", R"({"role":"device","bannerIds":[-1]})", 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"device","bannerId":1,"label":7})", 400, "wrong_type"},
        {"/api/v1/tokens", tooMany, 400, "out_of_range"},
        {"/api/v1/tokens", R"({"role":"device","bannerIds":[1,99]})", 404, "unknown_banner"},
    };
    for (const Case &c : cases) {
        const auto r = f.request("POST", s(c.path), admin, c.body);
        QVERIFY2(r.status == c.status, qPrintable(s(c.path) + u' ' + QString::fromUtf8(c.body.left(80)) + u' ' + QString::fromUtf8(r.body)));
        QCOMPARE(r.json.value(s("error")).toObject().value(s("code")).toString(), s(c.code));
    }
    QCOMPARE(f.request("GET", s("/api/v1/tokens"), admin).status, 405);
    QCOMPARE(f.request("DELETE", s("/api/v1/banners"), admin).status, 405);
    // Nothing was registered or minted on the way.
    QCOMPARE(f.request("GET", s("/api/v1/banners/3"), admin).status, 404);
}

void TestGateway::malformedInputs()
{
    FleetPolicy policy;
    policy.maxTextLength = 64;
    GatewayFixture f(3, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString op = f.token(Role::Operator);
    WsClient bystander;
    QVERIFY(bystander.open(wsUrl(f)));
    QVERIFY(bystander.authenticate(op));

    WsClient c;
    QVERIFY(c.open(wsUrl(f)));
    // Before authentication.
    c.send(frame("submit", {{s("bannerId"), 1}, {s("text"), s("x")}, {s("requestId"), s("x")}}, s("early")));
    QCOMPARE(c.frames[c.waitFor(answerTo(s("early")))].value(s("code")).toString(), s("unauthenticated"));
    QVERIFY(c.authenticate(op));

    struct Case
    {
        QString frame;
        const char *code;
    };
    const QString longText(200, u'a');
    const QList<Case> ws{
        {s("{not json"), "invalid_json"},
        {s("[1,2,3]"), "not_an_object"},
        {s("42"), "not_an_object"},
        {s("{}"), "missing_field"},
        {s(R"({"type":7})"), "wrong_type"},
        {s(R"({"type":"explode"})"), "unknown_type"},
        {s(R"({"type":"submit","bannerId":1,"requestId":"a"})"), "missing_field"},
        {s(R"({"type":"submit","bannerId":1,"text":["x"],"requestId":"a"})"), "wrong_type"},
        {s(R"({"type":"submit","bannerId":"1","text":"x","requestId":"a"})"), "wrong_type"},
        {s(R"({"type":"submit","bannerId":1.25,"text":"x","requestId":"a"})"), "out_of_range"},
        {s(R"({"type":"submit","bannerId":-1,"text":"x","requestId":"a"})"), "out_of_range"},
        {s(R"({"type":"submit","bannerId":999,"text":"x","requestId":"a"})"), "unknown_banner"},
        {s(R"({"type":"submit","bannerId":1,"text":"   ","requestId":"e"})"), "text_empty"},
        {QStringLiteral(R"({"type":"submit","bannerId":1,"text":"%1","requestId":"l"})").arg(longText), "text_too_long"},
        {s(R"({"type":"submit","bannerId":1,"text":"bell\u0007","requestId":"c"})"), "text_invalid"},
        {s(R"({"type":"submit","bannerId":1,"text":"lone \ud800 surrogate","requestId":"u"})"), "text_invalid"},
        {s(R"({"type":"submit","bannerId":1,"text":"x","requestId":""})"), "invalid_argument"},
        {s(R"({"type":"cancel","messageId":"x"})"), "wrong_type"},
        {s(R"({"type":"cancel"})"), "missing_field"},
        {s(R"({"type":"cancel","messageId":16777299})"), "unknown_message"},
        {s(R"({"type":"subscribe","bbox":[1,2]})"), "wrong_type"},
        {s(R"({"type":"subscribe","bbox":[80,0,10,5]})"), "out_of_range"},
        {s(R"({"type":"subscribe","banners":[]})"), "out_of_range"},
        {s(R"({"type":"subscribe","banners":"some"})"), "wrong_type"},
        {s(R"({"type":"subscribe","fromSeq":-5})"), "out_of_range"},
        {s(R"({"type":"subscribe","batch":"yes"})"), "wrong_type"},
        {s(R"({"type":"auth","token":"again"})"), "already_authenticated"},
        {s(R"({"type":"hello"})"), "forbidden"},
        {s(R"({"type":"pause","bannerId":1})"), "forbidden"},
        {s(R"({"type":"ping","id":{"a":1}})"), "wrong_type"},
        {QString(20000, u' '), "too_large"},
    };
    int count = 0;
    for (const Case &k : ws) {
        const int from = c.frames.size();
        c.sendRaw(k.frame);
        const int i = c.waitFor(ofType("error"), 5000, from);
        QVERIFY2(i >= 0, qPrintable(k.frame.left(80)));
        QVERIFY2(c.frames[i].value(s("code")).toString() == s(k.code),
                 qPrintable(k.frame.left(80) + QLatin1String(" -> ") + QJsonDocument(c.frames[i]).toJson()));
        ++count;
    }
    // Binary frame.
    {
        const int from = c.frames.size();
        c.socket.sendBinaryMessage("\x01\x02");
        const int i = c.waitFor(ofType("error"), 5000, from);
        QVERIFY(i >= 0);
        QCOMPARE(c.frames[i].value(s("code")).toString(), s("binary_frame"));
        ++count;
    }
    // A reused request id with a different text.
    c.send(frame("submit", {{s("bannerId"), 2}, {s("text"), s("first")}, {s("requestId"), s("dup")}}, s("d1")));
    QVERIFY(c.waitFor(answerTo(s("d1"))) >= 0);
    c.send(frame("submit", {{s("bannerId"), 2}, {s("text"), s("second")}, {s("requestId"), s("dup")}}, s("d2")));
    QCOMPARE(c.frames[c.waitFor(answerTo(s("d2")))].value(s("code")).toString(), s("request_conflict"));
    ++count;
    // A device speaking for another banner.
    {
        WsClient device;
        QVERIFY(device.open(wsUrl(f)));
        QVERIFY(device.authenticate(f.token(Role::Device, 3)));
        device.send(frame("displayed", {{s("messageId"), double(BannerState::kMessagesPerBanner + 1)}}, s("x")));
        QCOMPARE(device.frames[device.waitFor(answerTo(s("x")))].value(s("code")).toString(), s("wrong_banner"));
        ++count;
    }
    // An invalid token closes with 4001.
    {
        WsClient bad;
        QVERIFY(bad.open(wsUrl(f)));
        bad.send(frame("auth", {{s("token"), s("adt_nope")}}, s("a")));
        QCOMPARE(bad.frames[bad.waitFor(ofType("error"))].value(s("code")).toString(), s("invalid_token"));
        QTRY_VERIFY_WITH_TIMEOUT(bad.disconnected, 5000);
        QCOMPARE(bad.closeCode, 4001);
        ++count;
    }
    // A message above the hard WebSocket limit closes with 1009.
    {
        WsClient huge;
        QVERIFY(huge.open(wsUrl(f)));
        huge.sendRaw(QString(2 * 1024 * 1024, u'x'));
        QTRY_VERIFY_WITH_TIMEOUT(huge.disconnected, 10000);
        QCOMPARE(huge.closeCode, 1009);
        ++count;
    }

    // REST.
    struct RestCase
    {
        QByteArray method;
        QString path;
        QByteArray body;
        int status;
        const char *code;
        int token; // 0 none, 1 operator, 2 dispatcher
    };
    const QList<RestCase> rest{
        {"GET", s("/api/v1/banners"), {}, 401, "unauthenticated", 0},
        {"POST", s("/api/v1/banners/1/messages"), "{bad", 400, "invalid_json", 1},
        {"POST", s("/api/v1/banners/1/messages"), "\"text\"", 400, "not_an_object", 1},
        {"POST", s("/api/v1/banners/1/messages"), "[]", 400, "not_an_object", 1},
        {"POST", s("/api/v1/banners/1/messages"), R"({"requestId":"r"})", 400, "missing_field", 1},
        {"POST", s("/api/v1/banners/1/messages"), R"({"text":1,"requestId":"r"})", 400, "wrong_type", 1},
        {"POST", s("/api/v1/banners/1/messages"), "{\"text\":\"\xc3\x28\",\"requestId\":\"r\"}", 400, "invalid_utf8", 1},
        {"POST", s("/api/v1/banners/1/messages"), QByteArray(R"({"text":")") + QByteArray(300, 'z') + R"(","requestId":"r"})", 422, "text_too_long", 1},
        {"POST", s("/api/v1/banners/77/messages"), R"({"text":"x","requestId":"r"})", 404, "unknown_banner", 1},
        {"POST", s("/api/v1/banners/abc/messages"), R"({"text":"x","requestId":"r"})", 404, "not_found", 1},
        {"PUT", s("/api/v1/banners/1/messages"), R"({"text":"x","requestId":"r"})", 405, "method_not_allowed", 1},
        {"GET", s("/api/v1/nothing"), {}, 404, "not_found", 1},
        {"GET", s("/api/v2/banners"), {}, 404, "not_found", 1},
        {"GET", s("/api/v1/banners?limit=0"), {}, 400, "out_of_range", 1},
        {"GET", s("/api/v1/banners?bbox=1,2,3"), {}, 400, "out_of_range", 1},
        {"GET", s("/api/v1/events?after=-3"), {}, 400, "out_of_range", 1},
        {"GET", s("/api/v1/messages/99"), {}, 404, "unknown_message", 1},
        {"DELETE", s("/api/v1/banners/1/messages/33554433"), {}, 404, "unknown_message", 1},
        {"POST", s("/api/v1/banners/1/messages/16777217/move"), R"({"position":"top"})", 400, "wrong_type", 2},
        {"GET", s("/ws"), {}, 426, "upgrade_required", 0},
    };
    const QString dispatcher = f.token(Role::Dispatcher);
    for (const RestCase &k : rest) {
        const auto r = f.request(k.method, k.path, k.token == 0 ? QString() : k.token == 1 ? op : dispatcher, k.body);
        QVERIFY2(r.status == k.status && r.json.value(s("error")).toObject().value(s("code")).toString() == s(k.code),
                 qPrintable(k.method + ' ' + k.path + " -> " + QByteArray::number(r.status) + ' ' + r.body));
        ++count;
    }
    {
        const auto r = f.request("GET", s("/api/v1/banners"), s("adt_forged"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json.value(s("error")).toObject().value(s("code")).toString(), s("invalid_token"));
        ++count;
    }
    QVERIFY2(count >= 40, qPrintable(QString::number(count)));

    // Everyone else was served throughout.
    bystander.send(frame("submit", {{s("bannerId"), 3}, {s("text"), s("still here")}, {s("requestId"), s("ok")}}, s("ok")));
    const int i = bystander.waitFor(answerTo(s("ok")));
    QVERIFY(i >= 0);
    QCOMPARE(bystander.frames[i].value(s("type")).toString(), s("ack"));
    QCOMPARE(f.request("GET", s("/healthz")).status, 200);
}

void TestGateway::oversizedBodyIsRefusedUnread()
{
    GatewayFixture f(1, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString op = f.token(Role::Operator);
    // 64 MiB announced and sent: refused from the header, before the body is read.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(raw.waitForConnected(5000));
    const qint64 size = 64 * 1024 * 1024;
    raw.write("POST /api/v1/banners/1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + op.toLatin1()
              + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(size) + "\r\n\r\n");
    const QByteArray chunk(1024 * 1024, 'a');
    QByteArray answer;
    for (int i = 0; i < 64 && raw.state() == QAbstractSocket::ConnectedState; ++i) {
        raw.write(chunk);
        raw.waitForBytesWritten(200);
        raw.waitForReadyRead(10);
        answer += raw.readAll();
    }
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("\r\n\r\n") || raw.state() != QAbstractSocket::ConnectedState, 5000);
    answer += raw.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    QVERIFY(answer.contains("too_large"));
    QTRY_VERIFY_WITH_TIMEOUT(raw.state() == QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(f.gateway().metrics().oversizeRequests.load() >= 1);

    // A chunked body, which has no length to check up front.
    QTcpSocket chunked;
    chunked.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(chunked.waitForConnected(5000));
    chunked.write("POST /api/v1/banners/1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(chunked.bytesAvailable() > 0 || chunked.waitForReadyRead(100), 5000);
    QVERIFY(chunked.readAll().startsWith("HTTP/1.1 411"));

    // Headers without end.
    QTcpSocket headers;
    headers.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(headers.waitForConnected(5000));
    headers.write("GET /healthz HTTP/1.1\r\nX-Filler: " + QByteArray(64 * 1024, 'h'));
    QTRY_VERIFY_WITH_TIMEOUT(headers.bytesAvailable() > 0 || headers.waitForReadyRead(100), 5000);
    QVERIFY(headers.readAll().startsWith("HTTP/1.1 431"));

    // And the gateway still serves.
    const auto ok = f.request("POST", s("/api/v1/banners/1/messages"), op, R"({"text":"after the flood","requestId":"z"})");
    QCOMPARE(ok.status, 201);
}

void TestGateway::rateLimit()
{
    GatewayOptions o;
    o.ratePerSecond = 1;
    o.rateBurst = 3;
    GatewayFixture f(1, o);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString viewer = f.token(Role::Viewer);
    QList<int> statuses;
    for (int i = 0; i < 5; ++i)
        statuses.append(f.request("GET", s("/api/v1/banners"), viewer).status);
    QCOMPARE(statuses.count(200), 3);
    QCOMPARE(statuses.count(429), 2);
    // Another token has its own bucket.
    QCOMPARE(f.request("GET", s("/api/v1/banners"), f.token(Role::Viewer)).status, 200);
    WsClient c;
    QVERIFY(c.open(wsUrl(f)));
    QVERIFY(c.authenticate(viewer));
    c.send(frame("subscribe", {}, s("r")));
    QCOMPARE(c.frames[c.waitFor(answerTo(s("r")))].value(s("code")).toString(), s("rate_limited"));
}

void TestGateway::connectionLimit()
{
    GatewayOptions o = roomyOptions();
    o.maxConnections = 3;
    GatewayFixture f(1, o);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    QList<QTcpSocket *> held;
    for (int i = 0; i < 3; ++i) {
        auto *sock = new QTcpSocket(this);
        sock->connectToHost(QHostAddress::LocalHost, f.port());
        QVERIFY(sock->waitForConnected(5000));
        held.append(sock);
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 3, 5000);
    QTcpSocket extra;
    extra.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(extra.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(extra.bytesAvailable() > 0 || extra.waitForReadyRead(100), 5000);
    const QByteArray answer = extra.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 503") && answer.contains("too_many_connections"), answer.constData());
    qDeleteAll(held);
    QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 0, 5000);
    QCOMPARE(f.request("GET", s("/healthz")).status, 200);
}

void TestGateway::slowConsumerIsCoalescedThenClosed()
{
    GatewayOptions o = roomyOptions();
    o.maxOutboundBytes = 64 * 1024;
    o.slowClientGraceMs = 1500;
    FleetPolicy policy;
    policy.queueLimit = 100000;
    GatewayFixture f(50, o, policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString viewer = f.token(Role::Viewer);

    // A raw WebSocket client that authenticates, subscribes and then never reads.
    QTcpSocket slow;
    slow.setReadBufferSize(4096);
    slow.connectToHost(QHostAddress::LocalHost, f.port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(slow.bytesAvailable() > 0 || slow.waitForReadyRead(100), 5000);
    QVERIFY(slow.read(4096).startsWith("HTTP/1.1 101"));
    auto sendMasked = [&](const QByteArray &payload) {
        QByteArray fr;
        fr.append(char(0x81));
        if (payload.size() < 126) {
            fr.append(char(0x80 | payload.size()));
        } else {
            fr.append(char(0x80 | 126));
            fr.append(char(payload.size() >> 8));
            fr.append(char(payload.size() & 0xff));
        }
        const char mask[4] = {0x11, 0x22, 0x33, 0x44};
        fr.append(mask, 4);
        for (int i = 0; i < payload.size(); ++i)
            fr.append(char(payload[i] ^ mask[i % 4]));
        slow.write(fr);
        slow.flush();
    };
    sendMasked(R"({"type":"auth","token":")" + viewer.toLatin1() + R"("})");
    sendMasked(R"({"type":"subscribe"})");
    slow.waitForBytesWritten(1000);
    QTest::qWait(200);

    WsClient healthy;
    QVERIFY(healthy.open(wsUrl(f)));
    QVERIFY(healthy.authenticate(f.token(Role::Dispatcher)));
    healthy.send(frame("subscribe", {}, s("sub")));
    QVERIFY(healthy.waitFor(answerTo(s("sub"))) >= 0);

    // Enough events to fill every buffer between the gateway and the slow client many times.
    QElapsedTimer clock;
    clock.start();
    int sent = 0;
    qint64 worstAckMs = 0;
    while (clock.elapsed() < 20000 && f.gateway().metrics().slowClientsClosed.load() == 0) {
        QElapsedTimer ackClock;
        ackClock.start();
        const int from = healthy.frames.size();
        for (int i = 0; i < 200; ++i, ++sent) {
            healthy.send(frame(sent % 2 ? "resume" : "pause", {{s("bannerId"), 1 + (sent / 2) % 50}}));
        }
        healthy.send(frame("ping", {}, QStringLiteral("p%1").arg(sent)));
        QVERIFY(healthy.waitFor(ofType("pong"), 10000, from) >= 0);
        worstAckMs = std::max(worstAckMs, ackClock.elapsed());
    }
    QVERIFY2(f.gateway().metrics().slowClientsClosed.load() >= 1, "the slow client was never disconnected");
    // Its session is gone (aborted after the close grace), the healthy one remains.
    QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().webSocketSessions.load(), 1, 5000);
    QVERIFY(!healthy.disconnected);
    qInfo() << "events generated" << sent << "slowest round of 200 commands" << worstAckMs << "ms"
            << "slow client closed after" << clock.elapsed() << "ms";
}

// A client counts characters against the limit the welcome gives, so it must be the engine's own:
// a text of exactly that many code points is accepted and one more is refused.
void TestGateway::welcomeTellsThePolicyLimits()
{
    FleetPolicy policy;
    policy.maxTextLength = 12;
    policy.queueLimit = 7;
    GatewayFixture f(1, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    WsClient client;
    QVERIFY(client.open(wsUrl(f)));
    QVERIFY(client.authenticate(f.token(Role::Operator)));
    const QJsonObject welcome = client.frames[client.waitFor(ofType("welcome"))];
    const QJsonObject limits = welcome.value(s("limits")).toObject();
    QCOMPARE(limits.value(s("textMaxCharacters")).toInt(), 12);
    QCOMPARE(limits.value(s("queueLimit")).toInt(), 7);

    // Code points, not UTF-16 units: twelve emoji are 24 units and still fit.
    QString twelve;
    for (int i = 0; i < 12; ++i)
        twelve += QString::fromUcs4(U"\U0001F680", 1);
    client.send(frame("submit", {{s("bannerId"), 1}, {s("text"), twelve}, {s("requestId"), s("fits")}}, s("fits")));
    const int fits = client.waitFor(answerTo(s("fits")));
    QVERIFY(fits >= 0);
    QCOMPARE(client.frames[fits].value(s("type")).toString(), s("ack"));
    client.send(frame("submit", {{s("bannerId"), 1}, {s("text"), twelve + u'!'}, {s("requestId"), s("over")}}, s("over")));
    const int over = client.waitFor(answerTo(s("over")));
    QVERIFY(over >= 0);
    QCOMPARE(client.frames[over].value(s("code")).toString(), s("text_too_long"));
}

// A rejection's reason reaches the customer: in the event their subscription gets, whether the
// dispatcher rejected over REST or WebSocket; a bad reason is refused with invalid_argument.
void TestGateway::customerSeesTheRejectionReason()
{
    FleetPolicy policy;
    policy.review = ReviewPolicy::All;
    GatewayFixture f(1, roomyOptions(), policy);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString dispatcherToken = f.token(Role::Dispatcher);
    WsClient customer, dispatcher;
    QVERIFY(customer.open(wsUrl(f)));
    QVERIFY(customer.authenticate(f.token(Role::Operator)));
    QVERIFY(dispatcher.open(wsUrl(f)));
    QVERIFY(dispatcher.authenticate(dispatcherToken));
    customer.send(frame("subscribe", {{s("banners"), QJsonArray{1}}}, s("sub")));
    QVERIFY(customer.waitFor(answerTo(s("sub"))) >= 0);

    auto submit = [&](const char *requestId) {
        customer.send(frame("submit", {{s("bannerId"), 1}, {s("text"), s("Marry me")}, {s("requestId"), s(requestId)}}, s(requestId)));
        const int ack = customer.waitFor(answerTo(s(requestId)));
        return ack < 0 ? qint64(0) : qint64(customer.frames[ack].value(s("messageId")).toDouble());
    };
    auto rejectedEvent = [&](qint64 messageId) {
        const int i = customer.waitFor([&](const QJsonObject &e) {
            return e.value(s("event")) == s("message_rejected")
                && qint64(e.value(s("data")).toObject().value(s("message")).toObject().value(s("id")).toDouble()) == messageId;
        });
        return i < 0 ? QJsonObject() : customer.frames[i].value(s("data")).toObject().value(s("message")).toObject();
    };

    const qint64 overRest = submit("a");
    QVERIFY(overRest);
    const auto tooLong = f.request("POST", QStringLiteral("/api/v1/banners/1/messages/%1/reject").arg(overRest), dispatcherToken,
                                   QByteArray(R"({"reason":")") + QByteArray(201, 'x') + "\"}");
    QCOMPARE(tooLong.status, 400);
    QCOMPARE(tooLong.json.value(s("error")).toObject().value(s("code")).toString(), s("invalid_argument"));
    QCOMPARE(f.request("POST", QStringLiteral("/api/v1/banners/1/messages/%1/reject").arg(overRest), dispatcherToken,
                       R"({"reason":"Not on a family beach"})").status, 200);
    const QJsonObject rest = rejectedEvent(overRest);
    QCOMPARE(rest.value(s("status")).toString(), s("rejected"));
    QCOMPARE(rest.value(s("reason")).toString(), s("Not on a family beach"));
    // And in the receipt, for a customer who was away when it happened.
    const auto receipt = f.request("GET", QStringLiteral("/api/v1/messages/%1").arg(overRest), f.token(Role::Operator));
    QCOMPARE(receipt.status, 200);
    QCOMPARE(receipt.json.value(s("message")).toObject().value(s("status")).toString(), s("rejected"));
    QCOMPARE(receipt.json.value(s("message")).toObject().value(s("reason")).toString(), s("Not on a family beach"));

    const qint64 overWs = submit("b");
    dispatcher.send(frame("reject", {{s("messageId"), double(overWs)}, {s("reason"), s(" Too long for the banner ")}}, s("r")));
    const int answer = dispatcher.waitFor(answerTo(s("r")));
    QVERIFY(answer >= 0);
    QCOMPARE(dispatcher.frames[answer].value(s("type")).toString(), s("ack"));
    QCOMPARE(rejectedEvent(overWs).value(s("reason")).toString(), s("Too long for the banner"));
}

// show_now over REST: the device is told to show the urgent message at once, and the one it
// showed comes back to the head of the queue (message_preempted).
void TestGateway::showNowOverTheWire()
{
    GatewayFixture f(1, roomyOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString op = f.token(Role::Operator);
    WsClient device;
    QVERIFY(device.open(wsUrl(f)));
    QVERIFY(device.authenticate(f.token(Role::Device, 1)));
    device.send(frame("hello", {}, s("h")));
    QVERIFY(device.waitFor(answerTo(s("h"))) >= 0);
    auto submit = [&](const char *text, const char *requestId) {
        const auto r = f.request("POST", s("/api/v1/banners/1/messages"), op,
                                 QByteArray(R"({"text":")") + text + R"(","requestId":")" + requestId + "\"}");
        return qint64(r.json.value(s("messageId")).toDouble());
    };
    const qint64 first = submit("Happy birthday", "1");
    const qint64 urgent = submit("Storm: leave the water", "2");
    const int shown = device.waitFor(ofType("show"));
    QVERIFY(shown >= 0);
    device.send(frame("displayed", {{s("messageId"), double(first)}}, s("d")));
    QVERIFY(device.waitFor(answerTo(s("d"))) >= 0);

    const auto now = f.request("POST", QStringLiteral("/api/v1/banners/1/messages/%1/show_now").arg(urgent), f.token(Role::Dispatcher));
    QCOMPARE(now.status, 200);
    const int next = device.waitFor([&](const QJsonObject &m) {
        return m.value(s("type")) == s("show") && qint64(m.value(s("messageId")).toDouble()) == urgent;
    });
    QVERIFY(next >= 0);
    const auto banner = f.request("GET", s("/api/v1/banners/1"), op).json.value(s("banner")).toObject();
    QCOMPARE(qint64(banner.value(s("currentMessageId")).toDouble()), urgent);
    const QJsonArray queue = banner.value(s("queue")).toArray();
    QCOMPARE(queue.size(), 1);
    QCOMPARE(qint64(queue.at(0).toObject().value(s("id")).toDouble()), first);
    QCOMPARE(queue.at(0).toObject().value(s("status")).toString(), s("queued"));
    const auto events = f.request("GET", s("/api/v1/events?after=0&banner=1"), op).json.value(s("events")).toArray();
    QStringList names;
    for (const QJsonValue &e : events)
        names << e.toObject().value(s("event")).toString();
    QVERIFY2(names.contains(s("message_preempted")), qPrintable(names.join(u',')));
}

QTEST_MAIN(TestGateway)
#include "tst_gateway.moc"
