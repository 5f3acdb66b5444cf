// Gateway benchmark over loopback against a real FleetEngine on a temporary SQLite database:
// submit->ack latency over WebSocket from 100 clients at a paced rate, saturated submissions per
// second, fan-out of events to many subscribers, and what HTTP compression saves on the web client's
// files and on a 2,000-banner listing. Prints `bench: <name> <value> <unit>` lines.
#include "FleetEngine.h"
#include "Gateway.h"
#include "HttpCompression.h"
#include "StoreUrl.h"
#include "Role.h"
#include "TokenStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QMutex>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <array>
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

// Both wait in the event loop rather than spin: a busy main thread would take a core from the
// gateway and the engine on a two-core machine. The timer wakes the wait to check again.
void spin(int ms)
{
    QElapsedTimer t;
    t.start();
    QTimer tick;
    tick.start(5);
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
}

template<typename Pred>
bool spinUntil(Pred pred, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QTimer tick;
    tick.start(5);
    while (!pred()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

struct Rig
{
    QTemporaryDir dir;
    std::unique_ptr<FleetEngine> engine;
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
        if (tokens.open(StoreUrl::sqliteFile(db)).isError())
            return false;
        GatewayOptions g;
        g.port = 0;
        g.storeLocation = db;
        g.ratePerSecond = 1e9;
        g.rateBurst = 1e9;
        g.maxConnections = 100'000;
        // Every client of the bench connects from loopback at once.
        g.maxConnectionsPerAddress = g.maxConnections;
        gateway = std::make_unique<Gateway>(*engine, g);
        return !gateway->start().isError();
    }

    ~Rig()
    {
        if (gateway)
            gateway->stop();
        gateway.reset();
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
    const QString token = rig.tokens.create(roleName(Role::Operator), 0, {})->token;
    auto clients = connectClients(rig, 100, token);
    // Browsers set TCP_NODELAY. Without it, a client whose last submission is still unanswered holds
    // the next one back (Nagle) until that answer arrives: one late ack would make the next late too.
    for (auto &c : clients) {
        if (auto *socket = c->findChild<QAbstractSocket *>())
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    QElapsedTimer clock;
    clock.start();
    std::vector<std::vector<qint64>> sentAt(clients.size());
    std::vector<double> latencies;
    int errors = 0;
    const int total = rate * seconds;
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
    int sent = 0;
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
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
    const QString token = rig.tokens.create(roleName(Role::Operator), 0, {})->token;
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

// Weighted quantile: each sample stands for `weight` events.
double weightedQuantile(std::vector<std::pair<double, quint64>> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    quint64 total = 0;
    for (const auto &s : v)
        total += s.second;
    const quint64 target = quint64(q * double(total));
    quint64 seen = 0;
    for (const auto &s : v) {
        seen += s.second;
        if (seen > target)
            return s.first;
    }
    return v.back().first;
}

qint64 numberAfter(const QString &m, QLatin1String key, qsizetype from = 0)
{
    const qsizetype at = m.indexOf(key, from);
    if (at < 0)
        return -1;
    qsizetype i = at + key.size();
    qint64 n = 0;
    while (i < m.size() && m.at(i).isDigit())
        n = n * 10 + (m.at(i++).unicode() - '0');
    return n;
}

// Subscribers of a fan-out run, on a thread of their own so that reading hundreds of sockets does
// not hold back the dispatcher that drives the events (on the main thread).
class SubscriberPool : public QObject
{
public:
    struct Totals
    {
        quint64 events = 0, states = 0, gaps = 0, frames = 0, welcomed = 0, bytes = 0;
        std::vector<std::pair<double, quint64>> delays; // (ms, events it stands for)
    };

    SubscriberPool(QUrl url, QString token, int n, bool batch)
        : m_url(std::move(url)), m_token(std::move(token)), m_n(n), m_batch(batch)
    {
    }

    void start()
    {
        m_totals.delays.reserve(4'000'000);
        m_lastSeq.assign(size_t(m_n), 0);
        for (int i = 0; i < m_n; ++i) {
            auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            QObject::connect(ws, &QWebSocket::connected, ws, [this, ws] {
                ws->sendTextMessage(QStringLiteral(R"({"type":"auth","token":"%1"})").arg(m_token));
            });
            QObject::connect(ws, &QWebSocket::textMessageReceived, ws,
                             [this, ws, i](const QString &m) { receive(ws, size_t(i), m); });
            ws->open(m_url);
        }
    }

    Totals totals()
    {
        QMutexLocker locker(&m_mutex);
        return m_totals;
    }
    quint64 received()
    {
        QMutexLocker locker(&m_mutex);
        return m_totals.events + m_totals.states;
    }
    quint64 welcomed()
    {
        QMutexLocker locker(&m_mutex);
        return m_totals.welcomed;
    }

private:
    void receive(QWebSocket *ws, size_t i, const QString &m)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QMutexLocker locker(&m_mutex);
        ++m_totals.frames;
        m_totals.bytes += quint64(m.size()); // the frames are ASCII: one byte per character
        qint64 count = 0, from = 0, to = 0;
        if (m.startsWith(QLatin1String(R"({"type":"events")"))) {
            count = numberAfter(m, QLatin1String(R"("count":)"));
            from = numberAfter(m, QLatin1String(R"("fromSeq":)"));
            to = numberAfter(m, QLatin1String(R"("toSeq":)"));
        } else if (m.startsWith(QLatin1String(R"({"type":"event")"))) {
            count = 1;
            from = to = numberAfter(m, QLatin1String(R"("seq":)"));
        } else {
            if (m.contains(QLatin1String(R"("type":"state")"))) {
                ++m_totals.states;
            } else if (m.contains(QLatin1String(R"("type":"welcome")"))) {
                ++m_totals.welcomed;
                locker.unlock();
                ws->sendTextMessage(m_batch ? QStringLiteral(R"({"type":"subscribe","batch":true})")
                                            : QStringLiteral(R"({"type":"subscribe"})"));
            }
            return;
        }
        if (m_lastSeq[i] != 0 && from != m_lastSeq[i] + 1)
            ++m_totals.gaps;
        m_lastSeq[i] = to;
        m_totals.events += quint64(count);
        m_totals.delays.emplace_back(double(now - numberAfter(m, QLatin1String(R"("at":)"))), quint64(count));
    }

    const QUrl m_url;
    const QString m_token;
    const int m_n;
    const bool m_batch;
    QMutex m_mutex;
    Totals m_totals;
    std::vector<qint64> m_lastSeq;
};

// n subscribers to every banner; a dispatcher drives `rate` events/s (pause/resume) for `seconds`.
// batch: the subscribers ask for "events" frames (many events per frame), otherwise one "event"
// frame per event. Every subscriber checks that the global sequence numbers it receives follow
// each other without a gap (every event here is of a banner it subscribed to). The delay of a
// frame is measured from the time its oldest event was made (before its commit) and counted for
// every event in the frame.
void fanOut(int subscribers, int rate, int seconds, bool batch)
{
    Rig rig;
    if (!rig.open(1000))
        return;
    // Two threads of subscribers: real ones are separate programs, not one loop reading them in turn.
    const QString viewer = rig.tokens.create(roleName(Role::Viewer), 0, {})->token;
    std::array<QThread, 2> threads;
    std::array<SubscriberPool *, 2> pools{};
    for (size_t i = 0; i < pools.size(); ++i) {
        const int n = subscribers / 2 + (i == 0 ? subscribers % 2 : 0);
        pools[i] = new SubscriberPool(rig.url(), viewer, n, batch);
        threads[i].setObjectName(QStringLiteral("subscribers-%1").arg(i));
        pools[i]->moveToThread(&threads[i]);
        QObject::connect(&threads[i], &QThread::finished, pools[i], &QObject::deleteLater);
        threads[i].start();
        QMetaObject::invokeMethod(pools[i], [p = pools[i]] { p->start(); });
    }
    auto sum = [&](auto field) {
        quint64 n = 0;
        for (SubscriberPool *p : pools)
            n += field(p);
        return n;
    };
    spinUntil([&] { return sum([](SubscriberPool *p) { return p->welcomed(); }) >= quint64(subscribers); }, 60000);
    spin(1000); // the subscriptions are acknowledged
    auto driver = connectClients(rig, 1, rig.tokens.create(roleName(Role::Dispatcher), 0, {})->token);
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
    const double driveSeconds = double(clock.elapsed()) / 1000.0;
    const quint64 expected = quint64(total) * quint64(subscribers);
    spinUntil([&] { return sum([](SubscriberPool *p) { return p->received(); }) >= expected; }, 20000);
    SubscriberPool::Totals t;
    for (SubscriberPool *p : pools) {
        const SubscriberPool::Totals part = p->totals();
        t.events += part.events;
        t.states += part.states;
        t.gaps += part.gaps;
        t.frames += part.frames;
        t.bytes += part.bytes;
        t.delays.insert(t.delays.end(), part.delays.begin(), part.delays.end());
    }
    for (QThread &thread : threads) {
        thread.quit();
        thread.wait();
    }
    const QByteArray tag = QByteArray::number(subscribers) + "_subscribers_at_" + QByteArray::number(rate) + "_per_s"
        + (batch ? "_batched" : "");
    report(("gateway_fanout_events_generated_" + tag).constData(), double(acked), "events");
    report(("gateway_fanout_generation_rate_" + tag).constData(), double(acked) / driveSeconds, "events/s");
    report(("gateway_fanout_events_delivered_" + tag).constData(), double(t.events), "events");
    report(("gateway_fanout_delivered_share_" + tag).constData(), 100.0 * double(t.events) / double(expected), "%");
    report(("gateway_fanout_frames_" + tag).constData(), double(t.frames), "frames");
    report(("gateway_fanout_bytes_per_event_" + tag).constData(), t.events ? double(t.bytes) / double(t.events) : 0.0, "bytes");
    report(("gateway_fanout_sequence_gaps_" + tag).constData(), double(t.gaps), "gaps");
    report(("gateway_fanout_state_frames_" + tag).constData(), double(t.states), "frames");
    report(("gateway_fanout_delay_p50_" + tag).constData(), weightedQuantile(t.delays, 0.50), "ms");
    report(("gateway_fanout_delay_p99_" + tag).constData(), weightedQuantile(t.delays, 0.99), "ms");
    report(("gateway_fanout_slow_clients_closed_" + tag).constData(), double(rig.gateway->metrics().slowClientsClosed.load()), "clients");
}


// One GET on its own connection, read to the end: the body and its Content-Encoding.
struct RawAnswer
{
    QByteArray body;
    QByteArray encoding;
};

RawAnswer rawGet(quint16 port, const QByteArray &path, const QString &token, bool gzip)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    RawAnswer a;
    if (!socket.waitForConnected(5000))
        return a;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + token.toLatin1()
                 + "\r\n" + (gzip ? QByteArray("Accept-Encoding: gzip, deflate, br\r\n") : QByteArray()) + "\r\n");
    QByteArray buffer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10'000))
        buffer += socket.readAll();
    buffer += socket.readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return a;
    for (const QByteArray &line : buffer.left(end).split('\n')) {
        if (line.toLower().startsWith("content-encoding:"))
            a.encoding = line.mid(17).trimmed();
    }
    a.body = buffer.mid(end + 4);
    return a;
}

// Bytes on the wire for the whole web client and for a listing of 2,000 banners with positions (two
// pages of 1,000, as the page's map reads them), with and without Accept-Encoding: gzip; the time a
// listing takes either way; and the zlib levels' cost and ratio on that JSON (why dynamic answers
// use level 1).
void compression()
{
    constexpr int kBanners = 2000;
    Rig rig;
    if (!rig.open(kBanners)) {
        std::printf("bench: compression rig failed\n");
        return;
    }
    // Positions, as a flying fleet reports them: the listing then carries what the map polls.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 1; i <= kBanners; ++i)
        rig.engine->telemetry({i, 50.0 + i * 0.001, -1.0 + i * 0.0013, double(i % 360), 80.0 + i % 20, 1500.0 + i % 300, 90.0 - i % 50, now});
    const QString token = rig.tokens.create(roleName(Role::Viewer), 0, QStringLiteral("bench"))->token;
    const quint16 port = rig.gateway->port();
    spinUntil([&] { return rawGet(port, "/api/v1/banners?limit=1&after=" + QByteArray::number(kBanners - 1), token, false).body.contains("position"); }, 10'000);

    qint64 webPlain = 0, webGzip = 0;
    QDirIterator files(QStringLiteral(":/web"), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QByteArray path = files.next().mid(5).toUtf8(); // ":/web/js/main.js" → "/js/main.js"
        webPlain += rawGet(port, path, token, false).body.size();
        webGzip += rawGet(port, path, token, true).body.size();
    }
    report("http_web_client_identity", double(webPlain) / 1024, "KiB");
    report("http_web_client_gzip", double(webGzip) / 1024, "KiB");
    report("http_web_client_saved", 100.0 * double(webPlain - webGzip) / double(webPlain), "%");

    auto listing = [&](bool gzip, QByteArray *firstPage) {
        qint64 bytes = 0;
        for (int page = 0; page < 2; ++page) {
            const RawAnswer a = rawGet(port, "/api/v1/banners?limit=1000&after=" + QByteArray::number(page * 1000), token, gzip);
            bytes += a.body.size();
            if (gzip && a.encoding != "gzip")
                std::printf("bench: compression: a listing came back uncompressed\n");
            if (firstPage && page == 0)
                *firstPage = a.body;
        }
        return bytes;
    };
    QByteArray json;
    const qint64 listPlain = listing(false, &json);
    const qint64 listGzip = listing(true, nullptr);
    report("http_listing_2000_identity", double(listPlain) / 1024, "KiB");
    report("http_listing_2000_gzip", double(listGzip) / 1024, "KiB");
    report("http_listing_2000_saved", 100.0 * double(listPlain - listGzip) / double(listPlain), "%");

    for (bool gzip : {false, true}) {
        std::vector<double> ms;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer t;
            t.start();
            listing(gzip, nullptr);
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
        report(gzip ? "http_listing_2000_gzip_p50" : "http_listing_2000_identity_p50", quantile(ms, 0.5), "ms");
    }
    // The encoder alone on one 1,000-banner page, per zlib level.
    for (int level : {1, 6, 9}) {
        QByteArray out;
        std::vector<double> us;
        for (int i = 0; i < 50; ++i) {
            QElapsedTimer t;
            t.start();
            out = HttpCompression::encode(json, HttpCompression::Coding::Gzip, level);
            us.push_back(t.nsecsElapsed() / 1e3);
        }
        const QByteArray name = "http_gzip_level" + QByteArray::number(level);
        report((name + "_page1000_us").constData(), quantile(us, 0.5), "us");
        report((name + "_page1000_ratio").constData(), double(json.size()) / double(out.size()), "x");
    }
}

} // namespace

int main(int argc, char **argv)
{
    // As airdisplayd runs (app/daemon): Qt's own event dispatcher, whose socket notifiers are a hash
    // rather than glib's lists, which thousands of sockets make slow.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("airdisplay.*.info=false"));
    const QStringList args = app.arguments();
    const bool onlyFanout = args.contains(QStringLiteral("--fanout"));
    // --only latency|overload|throughput|fanout|compression runs one part (latency: the paced 5,000/s, overload:
    // the paced 20,000/s): a part takes seconds, the whole benchmark minutes, and a noisy machine
    // needs several runs for a median.
    const qsizetype onlyAt = args.indexOf(QStringLiteral("--only"));
    const QString only = onlyAt >= 0 ? args.value(onlyAt + 1) : (onlyFanout ? QStringLiteral("fanout") : QString());
    auto part = [&only](const char *name) { return only.isEmpty() || only == QLatin1String(name); };
    // --seconds N: how long the paced parts submit (3 by default). Nothing is displayed, so every
    // banner's queue grows by 50 messages a second and each change rewrites the whole queue: a
    // longer run measures a store writing ever larger states, not only a longer one.
    const qsizetype secondsAt = args.indexOf(QStringLiteral("--seconds"));
    const int seconds = secondsAt >= 0 ? qMax(1, args.value(secondsAt + 1).toInt()) : 3;
    if (part("latency"))
        latency(5000, seconds);
    if (part("overload"))
        latency(20000, seconds);
    if (part("throughput"))
        throughput(20000);
    if (part("compression"))
        compression();
    if (part("fanout")) {
        fanOut(100, 1000, 3, false);
        fanOut(1000, 10000, 2, true);
    }
    return 0;
}
