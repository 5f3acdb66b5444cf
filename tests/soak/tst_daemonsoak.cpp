// The soak of airdisplayd: the real daemon (built with AddressSanitizer and UBSan in the asan tree)
// holding 100,000 banners, airdisplay-sim's devices and customers at a steady rate, and around them
// what a server meets in a day: live subscribers dropped and replaced, REST readers, tokens revoked
// while their sessions submit, and clients that vanish in the middle of their commands (a raw HTTP
// POST cut after its last byte, a WebSocket submit aborted before its ack), with /healthz asked all
// along. It passes when the daemon served it all without a sanitizer report, a crash or an
// unexpected answer; with AIRDISPLAY_SOAK_RSS_GROWTH_LIMIT=10, also that its anonymous resident memory
// at the end is within 10% of what it was after the first minute.
//
// AIRDISPLAY_SOAK_SECONDS (CI: 600; before a release: 7200), AIRDISPLAY_SOAK_BANNERS (100000) and
// AIRDISPLAY_SOAK_DEVICES (1000) size it. Prints `bench:` lines: RSS (all, anonymous, file-backed) and
// the banners in memory after the first minute and at the end, the database's size, asks answered,
// errors.
#include "DaemonProcess.h"
#include "SoakFigures.h"
#include "SoakSession.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace airdisplay;
using namespace airdisplay::soak;

namespace {

QJsonObject submitFrame(qint64 bannerId, const QString &requestId)
{
    return {{QStringLiteral("type"), QStringLiteral("submit")},
            {QStringLiteral("bannerId"), bannerId},
            {QStringLiteral("text"), QStringLiteral("soak %1").arg(requestId)},
            {QStringLiteral("requestId"), requestId},
            {QStringLiteral("id"), requestId}};
}

} // namespace

class tst_DaemonSoak : public QObject
{
    Q_OBJECT

private slots:
    void daemonUnderLoadAndChurn();

private:
    // What went wrong, each once with a count: printed at the end, and the test fails on any.
    // Each kind is printed when it first happens, with the soak's time and the daemon's gateway
    // counters then, so that a burst can be placed in the run.
    void error(const QString &what)
    {
        if (m_errors[what]++ == 0)
            std::printf("soak: first \"%s\" at %.1f s\n", qPrintable(what), m_clock.elapsed() / 1000.0);
        std::fflush(stdout);
    }

    QHash<QString, int> m_errors;
    QElapsedTimer m_clock;
};

void tst_DaemonSoak::daemonUnderLoadAndChurn()
{
    m_clock.start();
    const int soakSeconds = fromEnvironment("AIRDISPLAY_SOAK_SECONDS", 600);
    const int banners = fromEnvironment("AIRDISPLAY_SOAK_BANNERS", 100'000);
    const int devices = qMin(banners, fromEnvironment("AIRDISPLAY_SOAK_DEVICES", 1000));
    // The memory baseline: after the first minute of load (a quarter of a short local run).
    const int baselineSeconds = qMin(60, soakSeconds / 4);
    QRandomGenerator random(2026);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DaemonProcess daemon(QStringLiteral(AIRDISPLAYD_PATH), dir.filePath(QStringLiteral("soak.db")));
    const QString admin = daemon.createToken(Role::Admin);
    const QString customers = daemon.createToken(Role::Operator);
    const QString chaos = daemon.createToken(Role::Operator);
    const QString viewer = daemon.createToken(Role::Viewer);
    QVERIFY(!admin.isEmpty() && !customers.isEmpty() && !chaos.isEmpty() && !viewer.isEmpty());
    const QString deviceTokens = dir.filePath(QStringLiteral("devices.txt"));
    QVERIFY(daemon.writeDeviceTokens(deviceTokens, 1, devices));
    // Ten seconds a message, so that the devices' banners keep up with everyone submitting to them.
    // Banners untouched for 30 s leave memory (the default is 15 minutes): the REST readers touch a
    // random banner of the 100,000 every few hundred milliseconds, so with the default the daemon's
    // working set would grow for the first 15 minutes by design, and a 10-minute soak could not tell
    // that from a leak. Short, it also passivates and reactivates banners all along. Likewise the
    // request ids each banner remembers for idempotency: 24 hours of them by default, 5 minutes here,
    // so the ledgers of the 1,000 flying banners are full after 5 minutes (with the default a
    // release soak grew about 0.25 MiB a minute, steadily, all of it by design).
    QVERIFY(daemon.start({QStringLiteral("--register-demo-fleet"), QString::number(banners), QStringLiteral("--display-seconds"),
                          QStringLiteral("10"), QStringLiteral("--idle-seconds"), QStringLiteral("30"),
                          QStringLiteral("--request-retention-seconds"), QStringLiteral("300")},
                         admin.toLatin1(), banners, 600'000));
    const quint16 port = daemon.port();
    const qint64 pid = daemon.pid();

    // The devices and the customers (a steady 20 submissions a second to the devices' banners).
    QProcess sim;
    sim.setProcessChannelMode(QProcess::MergedChannels);
    QByteArray simOutput;
    connect(&sim, &QProcess::readyRead, &sim, [&] {
        const QByteArray more = sim.readAll();
        simOutput += more;
        std::fputs(more.constData(), stdout);
        std::fflush(stdout);
    });
    sim.start(QStringLiteral(AIRDISPLAY_SIM_PATH),
              {QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1").arg(port), QStringLiteral("--token"), customers,
               QStringLiteral("--device-tokens"), deviceTokens, QStringLiteral("--banners"), QString::number(devices),
               QStringLiteral("--customers"), QStringLiteral("4"), QStringLiteral("--submit-rate"), QStringLiteral("20"),
               QStringLiteral("--telemetry-interval"), QStringLiteral("2000"), QStringLiteral("--link-drop"), QStringLiteral("0.0005"),
               // The simulator outlives the measured window by 30 s: when its 1,000 devices all
               // disconnect at once, the ASan daemon on two loaded cores answered no HTTP for over
               // 10 s (a CI run), and the end's figures and last reads fell into that.
               QStringLiteral("--duration"), QString::number(soakSeconds + 30), QStringLiteral("--report-interval"), QStringLiteral("60"),
               QStringLiteral("--server-pid"), QString::number(pid), QStringLiteral("--seed"), QStringLiteral("7")});
    QVERIFY(sim.waitForStarted());

    QNetworkAccessManager http;
    qint64 asksAnswered = 0;
    qint64 abandoned = 0;
    qint64 revocations = 0;
    qint64 eventsReceived = 0;
    qint64 lastSeq = 0;
    QList<qint64> recentMessages;
    // The readers behave like a client with a connection pool: at most as many requests in flight as
    // QNetworkAccessManager has connections to a host (6), a tick skipped while they are all busy.
    // Sent at a fixed rate regardless, requests queued inside QNetworkAccessManager, whose transfer
    // timeout runs from the moment a request is queued: when the loaded daemon answered reads more
    // slowly for a while, every queued request timed out unanswered (a CI run had 90 s of them)
    // although nothing was refused. A request in flight and not answered within 30 s is an error.
    constexpr int httpConnections = 6;
    int httpInFlight = 0;
    qint64 httpSkipped = 0;
    auto get = [&](const QString &path, const QString &token, std::function<void(int, const QJsonObject &)> done) {
        if (httpInFlight >= httpConnections) {
            ++httpSkipped;
            return;
        }
        ++httpInFlight;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        request.setTransferTimeout(30'000);
        QNetworkReply *reply = http.get(request);
        connect(reply, &QNetworkReply::finished, reply, [this, reply, done, &httpInFlight] {
            --httpInFlight;
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0)
                error(QStringLiteral("no HTTP answer (%1)").arg(QString::fromLatin1(QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error()))));
            done(status, QJsonDocument::fromJson(reply->readAll()).object());
        });
    };
    auto expectStatus = [&](const QString &what, int expected) {
        return [&, what, expected](int status, const QJsonObject &) {
            if (status == expected)
                ++asksAnswered;
            else
                error(QStringLiteral("%1 answered %2").arg(what).arg(status));
        };
    };
    auto remember = [&](const QJsonObject &ack) {
        const qint64 id = qint64(ack.value(QLatin1String("messageId")).toDouble());
        if (id > 0) {
            recentMessages.append(id);
            if (recentMessages.size() > 200)
                recentMessages.removeFirst();
        }
    };

    // Subscribers: all banners batched, a list of ids, a map's box; one is dropped and replaced
    // every two seconds, in the middle of whatever it was being sent.
    QList<SoakSession *> subscribers;
    auto subscribe = [&] {
        auto *s = new SoakSession(port, viewer, this);
        s->setProperty("bornMs", m_clock.elapsed());
        QJsonObject frame{{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("id"), 1}};
        switch (random.bounded(3)) {
        case 0:
            frame.insert(QStringLiteral("banners"), QStringLiteral("all"));
            frame.insert(QStringLiteral("batch"), true);
            break;
        case 1: {
            QJsonArray ids;
            for (int i = 0; i < 200; ++i)
                ids.append(1 + random.bounded(devices));
            frame.insert(QStringLiteral("banners"), ids);
            break;
        }
        default:
            frame.insert(QStringLiteral("bbox"), QJsonArray{-60, -180, 60, 180});
            frame.insert(QStringLiteral("batch"), true);
            break;
        }
        s->send(frame);
        subscribers.append(s);
    };
    for (int i = 0; i < 6; ++i)
        subscribe();
    QTimer churn;
    connect(&churn, &QTimer::timeout, this, [&] {
        // Only a welcomed subscriber is dropped: one that had just connected, not yet welcomed by a
        // daemon loaded under ASan, used to count as "never welcomed" (30 times in a CI run). One
        // that waited 30 s in vain is an error, and is replaced.
        qsizetype drop = -1;
        QList<qsizetype> welcomed;
        for (qsizetype i = 0; i < subscribers.size(); ++i) {
            if (subscribers[i]->welcomed()) {
                welcomed.append(i);
            } else if (drop < 0 && m_clock.elapsed() - subscribers[i]->property("bornMs").toLongLong() > 30'000) {
                error(QStringLiteral("a subscriber was not welcomed within 30 s"));
                drop = i;
            }
        }
        if (drop < 0 && welcomed.isEmpty())
            return;
        if (drop < 0)
            drop = welcomed.at(qsizetype(random.bounded(int(welcomed.size()))));
        SoakSession *gone = subscribers.takeAt(drop);
        eventsReceived += gone->events();
        gone->abort();
        gone->deleteLater();
        subscribe();
    });
    churn.start(2000);

    // REST readers: a banner, the event log after what was read last, a receipt.
    QTimer readers;
    int readTurn = 0;
    connect(&readers, &QTimer::timeout, this, [&] {
        switch (readTurn++ % 3) {
        case 0:
            get(QStringLiteral("/api/v1/banners/%1").arg(1 + random.bounded(banners)), viewer, expectStatus(QStringLiteral("a banner read"), 200));
            break;
        case 1:
            get(QStringLiteral("/api/v1/events?after=%1&limit=100").arg(lastSeq), viewer, [&](int status, const QJsonObject &body) {
                if (status != 200)
                    return error(QStringLiteral("an events read answered %1").arg(status));
                ++asksAnswered;
                lastSeq = qMax(lastSeq, qint64(body.value(QLatin1String("lastSeq")).toDouble()));
            });
            break;
        default:
            if (!recentMessages.isEmpty())
                get(QStringLiteral("/api/v1/messages/%1").arg(recentMessages.at(random.bounded(recentMessages.size()))), viewer,
                    expectStatus(QStringLiteral("a receipt"), 200));
        }
    });
    readers.start(100);

    // Clients that vanish mid-command: a raw POST cut right after its last byte, and a WebSocket
    // submit aborted before (or while) its ack comes. Their answers must find nobody, harmlessly.
    QTimer vanishing;
    int vanishTurn = 0;
    connect(&vanishing, &QTimer::timeout, this, [&] {
        const QString requestId = QStringLiteral("vanish-%1").arg(vanishTurn);
        const qint64 banner = 1 + random.bounded(devices);
        const int after = random.bounded(30);
        ++abandoned;
        if (vanishTurn++ % 2 == 0) {
            auto *socket = new QTcpSocket(this);
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("text"), QStringLiteral("vanishing")},
                                                              {QStringLiteral("requestId"), requestId}})
                                        .toJson(QJsonDocument::Compact);
            connect(socket, &QTcpSocket::connected, socket, [=] {
                socket->write("POST /api/v1/banners/" + QByteArray::number(banner) + "/messages HTTP/1.1\r\nHost: soak\r\nAuthorization: Bearer "
                              + chaos.toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                              + "\r\n\r\n" + body);
                socket->flush();
                QTimer::singleShot(after, socket, [socket] {
                    socket->abort();
                    socket->deleteLater();
                });
            });
            socket->connectToHost(QHostAddress::LocalHost, port);
        } else {
            auto *s = new SoakSession(port, chaos, this);
            s->send(submitFrame(banner, requestId));
            connect(s, &SoakSession::welcome, s, [s, after] {
                QTimer::singleShot(after, s, [s] {
                    s->abort();
                    s->deleteLater();
                });
            });
        }
    });
    vanishing.start(250);

    // Revocations: a new operator token (over REST) whose session submits ten times a second is
    // revoked by `airdisplayd token revoke`, a second process; its session must be closed with 4003.
    QTimer revoker;
    int revokeTurn = 0;
    connect(&revoker, &QTimer::timeout, this, [&] {
        const int turn = revokeTurn++;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/tokens").arg(port)));
        request.setRawHeader("Authorization", "Bearer " + admin.toLatin1());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(30'000);
        QNetworkReply *reply = http.post(request, QJsonDocument(QJsonObject{{QStringLiteral("role"), QStringLiteral("operator")},
                                                                             {QStringLiteral("label"), QStringLiteral("soak revoked %1").arg(turn)}})
                                                      .toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [&, reply, turn] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject created = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("tokens")).toArray().at(0).toObject();
            if (status != 201 || created.value(QLatin1String("token")).toString().isEmpty())
                return error(QStringLiteral("creating a token answered %1").arg(status));
            ++asksAnswered;
            auto *session = new SoakSession(port, created.value(QLatin1String("token")).toString(), this);
            connect(session, &SoakSession::acknowledged, this, [&](const QJsonObject &ack) {
                ++asksAnswered;
                remember(ack);
            });
            auto *submitting = new QTimer(session);
            int n = 0;
            connect(submitting, &QTimer::timeout, session, [&, session, turn, n]() mutable {
                session->send(submitFrame(1 + random.bounded(devices), QStringLiteral("revoked-%1-%2").arg(turn).arg(n++)));
            });
            submitting->start(100);
            const qint64 id = qint64(created.value(QLatin1String("id")).toDouble());
            QTimer::singleShot(3000, session, [&, session, id] {
                auto *revoke = new QProcess(session);
                revoke->start(QStringLiteral(AIRDISPLAYD_PATH),
                              {QStringLiteral("token"), QStringLiteral("--db"), daemon.database(), QStringLiteral("revoke"), QString::number(id)});
                connect(revoke, &QProcess::finished, session, [&, revoke](int code, QProcess::ExitStatus how) {
                    if (how != QProcess::NormalExit || code != 0)
                        error(QStringLiteral("token revoke exited with %1: %2").arg(code).arg(QString::fromUtf8(revoke->readAllStandardError().left(200))));
                });
                // Within about 2 s of the revocation, says docs/protocol.md; a loaded ASan build gets 20.
                QTimer::singleShot(20'000, session, [&, session] {
                    if (session->closeCode() == 4003)
                        ++revocations;
                    else
                        error(QStringLiteral("a revoked token's session was not closed with 4003 (close code %1)").arg(session->closeCode()));
                    session->deleteLater();
                });
            });
        });
    });
    revoker.start(15'000);

    // /healthz all along: nothing above may lock a newcomer out.
    QTimer health;
    connect(&health, &QTimer::timeout, this, [&] { get(QStringLiteral("/healthz"), {}, expectStatus(QStringLiteral("/healthz"), 200)); });
    health.start(5000);

    // Memory, and whether the daemon is still there. The banners in memory are read from /metrics
    // beside RSS, so that a growth can be told apart from a working set that grew.
    qint64 rssBaseline = -1;
    qint64 rssEnd = -1;
    qint64 anonBaseline = -1;
    qint64 anonEnd = -1;
    qint64 fileBaseline = -1;
    qint64 fileEnd = -1;
    double actorsBaseline = -1;
    double actorsEnd = -1;
    double sqliteBaseline = -1; // bytes of SQLite's heap (store_sqlite_heap_bytes)
    double sqliteEnd = -1;
    // The gateway's refusals and closes at the end: where a burst of unanswered requests came from.
    QMap<QString, double> gatewayEnd{{QStringLiteral("gateway_rejected_connections_total"), -1},
                                     {QStringLiteral("gateway_timed_out_requests_total"), -1},
                                     {QStringLiteral("gateway_idle_closed_connections_total"), -1},
                                     {QStringLiteral("gateway_rate_limited_total"), -1},
                                     {QStringLiteral("gateway_open_connections"), -1},
                                     {QStringLiteral("gateway_websocket_sessions"), -1}};
    // A gauge or counter of the daemon's /metrics, into `into` when it is answered.
    auto readMetric = [&](const QString &name, double &into) {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)));
        request.setRawHeader("Authorization", "Bearer " + admin.toLatin1());
        request.setTransferTimeout(30'000);
        QNetworkReply *reply = http.get(request);
        // The name and the target by value: the answer comes after this call has returned.
        connect(reply, &QNetworkReply::finished, reply, [this, reply, name, target = &into] {
            reply->deleteLater();
            const QRegularExpression line(QStringLiteral("^airdisplay_%1 ([0-9.e+]+)$").arg(name), QRegularExpression::MultilineOption);
            const QRegularExpressionMatch m = line.match(QString::fromUtf8(reply->readAll()));
            if (m.hasMatch())
                *target = m.captured(1).toDouble();
            else
                error(QStringLiteral("/metrics had no airdisplay_%1").arg(name));
        });
    };
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
        const qint64 rss = residentKiB(QString::number(pid));
        if (rss < 0) {
            error(QStringLiteral("airdisplayd exited during the soak"));
            return loop.quit();
        }
        const QString process = QString::number(pid);
        const qint64 anon = statusKiB(process, "RssAnon");
        const qint64 file = statusKiB(process, "RssFile");
        if (rssBaseline < 0 && clock.elapsed() >= baselineSeconds * 1000) {
            rssBaseline = rss;
            anonBaseline = anon;
            fileBaseline = file;
            readMetric(QStringLiteral("actor_resident"), actorsBaseline);
            readMetric(QStringLiteral("store_sqlite_heap_bytes"), sqliteBaseline);
        }
        rssEnd = rss;
        anonEnd = anon;
        fileEnd = file;
        if (clock.elapsed() >= qint64(soakSeconds) * 1000 - 1000) {
            readMetric(QStringLiteral("actor_resident"), actorsEnd);
            readMetric(QStringLiteral("store_sqlite_heap_bytes"), sqliteEnd);
            for (auto it = gatewayEnd.begin(); it != gatewayEnd.end(); ++it)
                readMetric(it.key(), it.value());
        }
        if (clock.elapsed() >= qint64(soakSeconds) * 1000)
            loop.quit();
    });
    watch.start(1000);
    loop.exec();

    churn.stop();
    readers.stop();
    vanishing.stop();
    revoker.stop();
    health.stop();
    watch.stop();
    for (SoakSession *s : std::as_const(subscribers)) {
        eventsReceived += s->events();
        s->abort();
    }
    qDeleteAll(subscribers);

    // The simulator ends itself after its --duration and prints its own figures.
    QTRY_VERIFY_WITH_TIMEOUT(sim.state() == QProcess::NotRunning, 120'000);
    if (sim.exitStatus() != QProcess::NormalExit || sim.exitCode() != 0)
        error(QStringLiteral("airdisplay-sim exited with %1").arg(sim.exitCode()));
    static const QRegularExpression acknowledged(QStringLiteral("bench: sim_submissions_acknowledged ([0-9.]+)"));
    const QRegularExpressionMatch simAcks = acknowledged.match(QString::fromUtf8(simOutput));
    if (!simAcks.hasMatch())
        error(QStringLiteral("airdisplay-sim printed no acknowledgement count"));
    asksAnswered += qint64(simAcks.captured(1).toDouble());
    static const QRegularExpression finalErrors(QStringLiteral("customers: final: .*errors \\{([^}]*)\\}"));
    // A submission whose answer is late (the simulator's --submit-timeout) is sent again with its
    // request id, and answered once: that is the protocol working, not an error; a refusal is one.
    qint64 customerTimeouts = 0;
    for (const QString &entry : finalErrors.match(QString::fromUtf8(simOutput)).captured(1).split(QStringLiteral(", "), Qt::SkipEmptyParts)) {
        if (entry.startsWith(QLatin1String("timeout=")))
            customerTimeouts += entry.mid(8).toLongLong();
        else
            error(QStringLiteral("the customers were refused: %1").arg(entry));
    }

    qint64 errors = 0;
    QStringList lines;
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        errors += it.value();
        lines << QStringLiteral("%1 × %2").arg(it.value()).arg(it.key());
    }
    bench("soak_daemon_seconds", clock.elapsed() / 1000.0, "s");
    bench("soak_daemon_rss_first_minute", rssBaseline / 1024.0, "MiB");
    bench("soak_daemon_rss_end", rssEnd / 1024.0, "MiB");
    bench("soak_daemon_rss_growth", rssBaseline > 0 ? 100.0 * double(rssEnd - rssBaseline) / double(rssBaseline) : -1, "%");
    bench("soak_daemon_rss_anon_first_minute", anonBaseline / 1024.0, "MiB");
    bench("soak_daemon_rss_anon_end", anonEnd / 1024.0, "MiB");
    bench("soak_daemon_rss_anon_growth", anonBaseline > 0 ? 100.0 * double(anonEnd - anonBaseline) / double(anonBaseline) : -1, "%");
    // The anonymous memory that is not SQLite's heap: where a leak of ours would show.
    const double ownBaseline = anonBaseline / 1024.0 - sqliteBaseline / 1048576.0;
    const double ownEnd = anonEnd / 1024.0 - sqliteEnd / 1048576.0;
    bench("soak_daemon_sqlite_heap_first_minute", sqliteBaseline / 1048576.0, "MiB");
    bench("soak_daemon_sqlite_heap_end", sqliteEnd / 1048576.0, "MiB");
    bench("soak_daemon_rss_anon_without_sqlite_first_minute", ownBaseline, "MiB");
    bench("soak_daemon_rss_anon_without_sqlite_end", ownEnd, "MiB");
    bench("soak_daemon_rss_anon_without_sqlite_growth", ownBaseline > 0 ? 100.0 * (ownEnd - ownBaseline) / ownBaseline : -1, "%");
    bench("soak_daemon_rss_file_first_minute", fileBaseline / 1024.0, "MiB");
    bench("soak_daemon_rss_file_end", fileEnd / 1024.0, "MiB");
    bench("soak_daemon_database",
          (QFileInfo(daemon.database()).size() + QFileInfo(daemon.database() + QStringLiteral("-wal")).size()) / 1048576.0, "MiB");
    bench("soak_daemon_resident_banners_first_minute", actorsBaseline, "actors");
    bench("soak_daemon_resident_banners_end", actorsEnd, "actors");
    for (auto it = gatewayEnd.cbegin(); it != gatewayEnd.cend(); ++it)
        bench(qPrintable(QStringLiteral("soak_daemon_%1").arg(it.key())), it.value(), "count");
    bench("soak_daemon_asks_answered", double(asksAnswered), "asks");
    bench("soak_daemon_asks_abandoned", double(abandoned), "asks");
    bench("soak_daemon_reads_skipped_while_busy", double(httpSkipped), "requests");
    bench("soak_daemon_revocations", double(revocations), "tokens");
    bench("soak_daemon_events_received", double(eventsReceived), "events");
    bench("soak_daemon_customer_retries_after_timeout", double(customerTimeouts), "submissions");
    bench("soak_daemon_errors", double(errors), "errors");

    // A sanitizer report aborts the daemon: it must still be there, and shut down cleanly.
    QVERIFY2(daemon.stop(60'000), "airdisplayd did not shut down cleanly (a sanitizer report or a crash is above)");
    QVERIFY2(errors == 0, qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY(asksAnswered > 0);
    QVERIFY(revocations > 0 || soakSeconds < 40);
    // The memory limit is checked when asked for (the release soak: AIRDISPLAY_SOAK_RSS_GROWTH_LIMIT=10),
    // on the anonymous memory: VmRSS also counts the database file, which SQLite reads through a
    // 1 GiB memory map, so it grows with the database (telemetry alone is 500 rows a second here)
    // and says nothing about a leak. SQLite's own heap (its page caches) is printed beside it: it
    // stayed at 2-3 MiB in a 600 s soak, so it is not where the anonymous memory goes. CI prints
    // the figures and does not fail on them.
    // Set the limit only on the release build (build/default): under ASan the anonymous memory grows
    // by design of the sanitizer, mostly its StackDepot (every distinct allocation and free stack, 30
    // frames, never freed: 45 MiB after 90 s of this soak, 100 MiB after 600 s), so the asan soak's
    // growth says nothing about ours (docs/performance.md, "ASan's StackDepot").
    if (const int limit = fromEnvironment("AIRDISPLAY_SOAK_RSS_GROWTH_LIMIT", 0); limit > 0)
        QVERIFY2(anonEnd <= anonBaseline * (100 + limit) / 100,
                 qPrintable(QStringLiteral("anonymous memory grew from %1 MiB after the first minute to %2 MiB")
                                .arg(anonBaseline / 1024).arg(anonEnd / 1024)));
}

QTEST_GUILESS_MAIN(tst_DaemonSoak)
#include "tst_daemonsoak.moc"
