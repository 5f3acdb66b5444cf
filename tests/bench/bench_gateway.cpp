// Gateway benchmark over loopback against a real FleetEngine on a temporary SQLite database:
// submit->ack latency over WebSocket from 100 clients at a paced rate, saturated submissions per
// second, and fan-out of events to many subscribers. Prints `bench: <name> <value> <unit>` lines.
#include "FleetEngine.h"
#include "FleetEngineBackend.h"
#include "Gateway.h"
#include "StoreUrl.h"
#include "TokenStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace airdisplay;

namespace {

void report(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

void spin(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

template<typename Pred>
bool spinUntil(Pred pred, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

struct Rig
{
    QTemporaryDir dir;
    std::unique_ptr<FleetEngine> engine;
    std::unique_ptr<FleetEngineBackend> backend;
    std::unique_ptr<Gateway> gateway;
    TokenStore tokens;

    bool open(int banners)
    {
        const QString db = dir.filePath(QStringLiteral("bench.db"));
        FleetEngineOptions o;
        o.policy.queueLimit = 1'000'000;
        engine = std::make_unique<FleetEngine>(o);
        if (engine->open(db).isError())
            return false;
        QList<BannerRecord> list;
        for (int i = 1; i <= banners; ++i)
            list.append({i, QStringLiteral("B-%1").arg(i), 0});
        auto f = engine->registerBanners(list);
        f.waitForFinished();
        backend = std::make_unique<FleetEngineBackend>(*engine);
        if (backend->open(db).isError() || tokens.open(StoreUrl::sqliteFile(db)).isError())
            return false;
        GatewayOptions g;
        g.port = 0;
        g.storeLocation = db;
        g.ratePerSecond = 1e9;
        g.rateBurst = 1e9;
        g.maxConnections = 100'000;
        gateway = std::make_unique<Gateway>(*backend, g);
        return gateway->start().isEmpty();
    }

    ~Rig()
    {
        if (gateway)
            gateway->stop();
        gateway.reset();
        backend.reset();
        if (engine)
            engine->shutdown();
    }

    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(gateway->port())); }
};

std::vector<std::unique_ptr<QWebSocket>> connectClients(Rig &rig, int n, const QString &token)
{
    std::vector<std::unique_ptr<QWebSocket>> clients;
    int welcomed = 0;
    for (int i = 0; i < n; ++i) {
        auto ws = std::make_unique<QWebSocket>();
        QObject::connect(ws.get(), &QWebSocket::connected, ws.get(), [w = ws.get(), token] {
            w->sendTextMessage(QStringLiteral(R"({"type":"auth","token":"%1"})").arg(token));
        });
        QObject::connect(ws.get(), &QWebSocket::textMessageReceived, ws.get(), [&welcomed](const QString &m) {
            if (m.contains(QLatin1String("\"welcome\"")))
                ++welcomed;
        });
        ws->open(rig.url());
        clients.push_back(std::move(ws));
    }
    spinUntil([&] { return welcomed == n; }, 30000);
    for (auto &c : clients)
        QObject::disconnect(c.get(), &QWebSocket::textMessageReceived, nullptr, nullptr);
    return clients;
}

// 100 clients, each on its own banner, submitting at rate/100 per second for `seconds`.
void latency(int rate, int seconds)
{
    Rig rig;
    if (!rig.open(100)) {
        std::fprintf(stderr, "rig failed\n");
        return;
    }
    const QString token = rig.tokens.create(Role::Operator, 0, {})->token;
    auto clients = connectClients(rig, 100, token);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::vector<qint64>> sentAt(clients.size());
    std::vector<double> latencies;
    int errors = 0;
    for (size_t c = 0; c < clients.size(); ++c) {
        QObject::connect(clients[c].get(), &QWebSocket::textMessageReceived, clients[c].get(),
                         [&, c](const QString &m) {
                             const QJsonObject f = QJsonDocument::fromJson(m.toUtf8()).object();
                             const int id = f.value(QStringLiteral("id")).toInt(-1);
                             if (f.value(QStringLiteral("type")).toString() != QLatin1String("ack")) {
                                 ++errors;
                                 return;
                             }
                             if (id >= 0 && size_t(id) < sentAt[c].size())
                                 latencies.push_back(double(clock.nsecsElapsed() - sentAt[c][size_t(id)]) / 1e6);
                         });
    }
    const int total = rate * seconds;
    int sent = 0;
    QTimer pace;
    QObject::connect(&pace, &QTimer::timeout, [&] {
        const int due = std::min<qint64>(total, clock.elapsed() * rate / 1000);
        for (; sent < due; ++sent) {
            const size_t c = size_t(sent) % clients.size();
            const int id = int(sentAt[c].size());
            sentAt[c].push_back(clock.nsecsElapsed());
            clients[c]->sendTextMessage(QStringLiteral(R"({"type":"submit","id":%1,"bannerId":%2,"text":"bench %1","requestId":"r%1"})")
                                            .arg(id).arg(c + 1));
        }
    });
    pace.start(2);
    spinUntil([&] { return int(latencies.size()) + errors >= total; }, seconds * 1000 + 60000);
    pace.stop();
    const double achieved = double(latencies.size()) / (double(clock.elapsed()) / 1000.0);
    const QByteArray tag = QByteArray::number(rate);
    report(("gateway_ack_latency_p50_at_" + tag + "_per_s").constData(), quantile(latencies, 0.50), "ms");
    report(("gateway_ack_latency_p99_at_" + tag + "_per_s").constData(), quantile(latencies, 0.99), "ms");
    report(("gateway_acked_at_" + tag + "_per_s").constData(), achieved, "submissions/s");
    report(("gateway_errors_at_" + tag + "_per_s").constData(), errors, "frames");
}

// Submissions as fast as the gateway and engine take them: 100 clients, pipelined.
void throughput(int total)
{
    Rig rig;
    if (!rig.open(100))
        return;
    const QString token = rig.tokens.create(Role::Operator, 0, {})->token;
    auto clients = connectClients(rig, 100, token);
    int acked = 0;
    for (auto &c : clients)
        QObject::connect(c.get(), &QWebSocket::textMessageReceived, c.get(), [&](const QString &) { ++acked; });
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < total; ++i) {
        const size_t c = size_t(i) % clients.size();
        clients[c]->sendTextMessage(QStringLiteral(R"({"type":"submit","bannerId":%1,"text":"t %2","requestId":"t%2"})").arg(c + 1).arg(i));
        if (i % 1000 == 999)
            QCoreApplication::processEvents();
    }
    spinUntil([&] { return acked >= total; }, 120000);
    report("gateway_submissions_throughput", double(acked) / (double(clock.elapsed()) / 1000.0), "submissions/s");
}

// n subscribers to every banner; a dispatcher drives `rate` events/s (pause/resume) for `seconds`.
void fanOut(int subscribers, int rate, int seconds)
{
    Rig rig;
    if (!rig.open(1000))
        return;
    auto subs = connectClients(rig, subscribers, rig.tokens.create(Role::Viewer, 0, {})->token);
    quint64 events = 0, states = 0;
    std::vector<double> delays;
    for (auto &s : subs) {
        QObject::connect(s.get(), &QWebSocket::textMessageReceived, s.get(), [&](const QString &m) {
            if (m.startsWith(QLatin1String(R"({"type":"event")"))) {
                ++events;
                const qsizetype at = m.indexOf(QLatin1String("\"at\":"));
                const qint64 atMs = m.mid(at + 5, 13).toLongLong();
                if (events % 16 == 0)
                    delays.push_back(double(QDateTime::currentMSecsSinceEpoch() - atMs));
            } else if (m.contains(QLatin1String("\"state\""))) {
                ++states;
            }
        });
        s->sendTextMessage(QStringLiteral(R"({"type":"subscribe"})"));
    }
    spin(500);
    auto driver = connectClients(rig, 1, rig.tokens.create(Role::Dispatcher, 0, {})->token);
    int acked = 0;
    QObject::connect(driver[0].get(), &QWebSocket::textMessageReceived, driver[0].get(), [&](const QString &) { ++acked; });
    QElapsedTimer clock;
    clock.start();
    const int total = rate * seconds;
    int sent = 0;
    QTimer pace;
    QObject::connect(&pace, &QTimer::timeout, [&] {
        const int due = std::min<qint64>(total, clock.elapsed() * rate / 1000);
        for (; sent < due; ++sent) {
            const int banner = 1 + (sent / 2) % 1000;
            driver[0]->sendTextMessage(QStringLiteral(R"({"type":"%1","bannerId":%2})")
                                           .arg(sent % 2 ? QStringLiteral("resume") : QStringLiteral("pause")).arg(banner));
        }
    });
    pace.start(2);
    spinUntil([&] { return acked >= total; }, seconds * 1000 + 60000);
    pace.stop();
    const quint64 expected = quint64(total) * quint64(subscribers);
    spinUntil([&] { return events + states >= expected; }, 20000);
    const QByteArray tag = QByteArray::number(subscribers) + "_subscribers_at_" + QByteArray::number(rate) + "_per_s";
    report(("gateway_fanout_events_generated_" + tag).constData(), double(acked), "events");
    report(("gateway_fanout_event_frames_delivered_" + tag).constData(), double(events), "frames");
    report(("gateway_fanout_delivered_share_" + tag).constData(), 100.0 * double(events) / double(expected), "%");
    report(("gateway_fanout_state_frames_" + tag).constData(), double(states), "frames");
    report(("gateway_fanout_delay_p99_" + tag).constData(), quantile(delays, 0.99), "ms");
    report(("gateway_fanout_slow_clients_closed_" + tag).constData(), double(rig.gateway->metrics().slowClientsClosed.load()), "clients");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("airdisplay.*.info=false"));
    const QStringList args = app.arguments();
    // --only latency|overload|throughput|fanout runs one part (latency: the paced 5,000/s, overload:
    // the paced 20,000/s): a part takes seconds, the whole benchmark minutes, and a noisy machine
    // needs several runs for a median.
    const qsizetype onlyAt = args.indexOf(QStringLiteral("--only"));
    const QString only = onlyAt >= 0 ? args.value(onlyAt + 1) : QString();
    auto part = [&only](const char *name) { return only.isEmpty() || only == QLatin1String(name); };
    if (part("latency"))
        latency(5000, 3);
    if (part("overload"))
        latency(20000, 3);
    if (part("throughput"))
        throughput(20000);
    if (part("fanout")) {
        fanOut(100, 1000, 3);
        fanOut(1000, 10000, 2);
    }
    return 0;
}
