// HTTP/1.1 as RFC 9112 has it, over raw sockets against a real gateway: message framing, answers in
// request order, connection closing, timeouts and the per-address limit. What a proxy in front or a
// client on the internet relies on; QNetworkAccessManager would hide all of it.
#include "GatewayFixture.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using namespace airdisplay;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Answer
{
    int status = 0;
    QByteArray head; // status line and headers
    QByteArray body;
    bool closes() const { return head.toLower().contains("\r\nconnection: close\r\n"); }
};

// One client connection that reads whole answers (status line, headers, Content-Length body).
class RawConnection
{
public:
    explicit RawConnection(quint16 port, const QHostAddress &from = QHostAddress::LocalHost)
    {
        socket.bind(from, 0);
        socket.connectToHost(QHostAddress::LocalHost, port);
        connected = socket.waitForConnected(5000);
    }
    void write(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.waitForBytesWritten(5000);
    }
    // The next count answers, or fewer if the connection closed or the time ran out.
    QList<Answer> read(int count, int timeoutMs = 10'000)
    {
        QList<Answer> answers;
        QElapsedTimer timer;
        timer.start();
        while (answers.size() < count) {
            if (std::optional<Answer> a = take()) {
                answers.append(*a);
                continue;
            }
            if (timer.elapsed() > timeoutMs || !pump(50))
                break;
        }
        return answers;
    }
    // True once the server closed the connection (within timeoutMs); what it sent meanwhile is kept.
    bool waitClosed(int timeoutMs = 10'000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (!pump(50))
                return true;
        }
        return false;
    }
    // Reads what arrived; false once the connection is closed.
    bool pump(int waitMs)
    {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            buffer += socket.readAll();
            return false;
        }
        socket.waitForReadyRead(waitMs);
        buffer += socket.readAll();
        return socket.state() == QAbstractSocket::ConnectedState;
    }

    QTcpSocket socket;
    QByteArray buffer;
    bool connected = false;

private:
    std::optional<Answer> take()
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        Answer a;
        a.head = buffer.left(end + 2);
        a.status = buffer.mid(9, 3).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : a.head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return std::nullopt;
        a.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return a;
    }
};

QByteArray submitRequest(const QString &token, const QByteArray &text, const QByteArray &requestId,
                         const QByteArray &extraHeaders = {})
{
    const QByteArray body = R"({"text":")" + text + R"(","requestId":")" + requestId + R"("})";
    return "POST /api/v1/banners/1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.toLatin1()
            + "\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body;
}

qsizetype queueLength(GatewayFixture &f)
{
    const std::optional<BannerState> state = f.engine().bannerState(1).result();
    return state ? state->queue.size() + (state->current ? 1 : 0) : -1;
}

// A submission from a fresh connection that is answered: anything sent earlier to the same banner
// (and dispatched by the gateway thread before it) has been applied by then.
void sentinel(GatewayFixture &f, const QString &token, const QByteArray &requestId)
{
    const auto r = f.request("POST", s("/api/v1/banners/1/messages"), token,
                             R"({"text":"sentinel","requestId":")" + requestId + R"("})");
    QCOMPARE(r.status, 201);
}

} // namespace

class tst_HttpConformance : public QObject
{
    Q_OBJECT

private slots:
    void conflictingContentLengthsAreRefusedAndNothingRuns_data()
    {
        QTest::addColumn<QByteArray>("lengths");
        QTest::newRow("two lengths") << QByteArray("Content-Length: 35\r\nContent-Length: 200\r\n");
        QTest::newRow("the same twice") << QByteArray("Content-Length: 35\r\nContent-Length: 35\r\n");
        QTest::newRow("plus sign") << QByteArray("Content-Length: +35\r\n");
        QTest::newRow("a list") << QByteArray("Content-Length: 35, 35\r\n");
    }
    void conflictingContentLengthsAreRefusedAndNothingRuns()
    {
        QFETCH(QByteArray, lengths);
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QString op = f.token(Role::Operator);
        // The body of the first carries a second request, which a reader taking the first length
        // would execute.
        const QByteArray first = R"({"text":"one","requestId":"smug-1"})";
        QCOMPARE(first.size(), 35);
        const QByteArray hidden = submitRequest(op, "hidden", "smug-2");
        RawConnection c(f.port());
        QVERIFY(c.connected);
        c.write("POST /api/v1/banners/1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + op.toLatin1()
                + "\r\nContent-Type: application/json\r\n" + lengths + "\r\n" + first + hidden);
        const QList<Answer> answers = c.read(2, 3000);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 400);
        QVERIFY(answers[0].closes());
        QVERIFY(answers[0].body.contains("bad_request"));
        QVERIFY(c.waitClosed());
        sentinel(f, op, "after");
        QCOMPARE(queueLength(f), 1); // the sentinel only
        QVERIFY(f.gateway().metrics().malformedRequests.load() >= 1);
    }

    void pipelinedAnswersComeInRequestOrder()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QString op = f.token(Role::Operator);
        const auto first = f.request("POST", s("/api/v1/banners/1/messages"), op, R"({"text":"first","requestId":"p0"})");
        QCOMPARE(first.status, 201);
        const QByteArray messageId = QByteArray::number(qint64(first.json.value(s("messageId")).toDouble()));
        RawConnection c(f.port());
        QVERIFY(c.connected);
        // A receipt (a store read on another thread), /healthz (answered at once), a submission (a
        // commit), /healthz again, then a 404 that closes: all in one write.
        c.write("GET /api/v1/messages/" + messageId + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + op.toLatin1()
                + "\r\n\r\n" + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + submitRequest(op, "second", "p1")
                + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const QList<Answer> answers = c.read(5);
        QVERIFY2(answers.size() == 5, (answers.value(0).head + answers.value(0).body + "|" + c.buffer).constData());
        QCOMPARE(answers[0].status, 200);
        QVERIFY(answers[0].body.contains(messageId));
        QCOMPARE(answers[1].status, 200);
        QVERIFY(answers[1].body.contains("\"ok\""));
        QCOMPARE(answers[2].status, 201);
        QCOMPARE(answers[3].status, 200);
        QCOMPARE(answers[4].status, 404);
        QVERIFY(answers[4].closes());
        for (int i = 0; i < 4; ++i)
            QVERIFY(!answers[i].closes());
        QVERIFY(c.waitClosed());
    }

    // Clients send a request in pieces (Node and browsers write a POST's headers and its body
    // separately; a slow link splits anywhere). Every piece reaches the gateway on its own here, the
    // gateway reading each before the next is sent; each request is answered, and so is the next one
    // on the same connection. (QHttpServer left a read transaction open on the first piece, which
    // made the guard's hand-over of the whole request vanish: the request was never answered.)
    void requestsSplitAcrossSegmentsAreAnswered()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QString op = f.token(Role::Operator);
        const QByteArray whole = submitRequest(op, "split", "s0");
        const qsizetype headEnd = whole.indexOf("\r\n\r\n") + 4;
        const QList<qsizetype> splits{5, headEnd - 3, headEnd, headEnd + 4};
        int n = 0;
        for (qsizetype at : splits) {
            RawConnection c(f.port());
            QVERIFY(c.connected);
            const QByteArray request = submitRequest(op, "split", "s" + QByteArray::number(++n));
            c.write(request.left(at));
            c.pump(100); // the gateway reads the first piece alone (nothing comes back for it)
            c.write(request.mid(at));
            QList<Answer> answers = c.read(1);
            QVERIFY2(answers.size() == 1, qPrintable(QStringLiteral("split at %1: no answer").arg(at)));
            QCOMPARE(answers[0].status, 201);
            c.write(submitRequest(op, "next", "s" + QByteArray::number(++n)));
            answers = c.read(1);
            QVERIFY2(answers.size() == 1, qPrintable(QStringLiteral("split at %1: the next request got no answer").arg(at)));
            QCOMPARE(answers[0].status, 201);
        }
        // One byte at a time.
        RawConnection slow(f.port());
        QVERIFY(slow.connected);
        const QByteArray request = submitRequest(op, "byte by byte", "s" + QByteArray::number(++n));
        for (char byte : request) {
            slow.write(QByteArray(1, byte));
            slow.pump(1);
        }
        const QList<Answer> answers = slow.read(1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 201);
        QCOMPARE(queueLength(f), n);
    }

    void connectionCloseAndHttp10Close()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        for (const QByteArray &request : {QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                                          QByteArray("GET /healthz HTTP/1.0\r\n\r\n")}) {
            RawConnection c(f.port());
            QVERIFY(c.connected);
            c.write(request);
            const QList<Answer> answers = c.read(1);
            QCOMPARE(answers.size(), 1);
            QCOMPARE(answers[0].status, 200);
            QVERIFY(answers[0].closes());
            QVERIFY2(c.waitClosed(3000), request.constData());
        }
        // HTTP/1.0 that asks to keep the connection keeps it: a second request is answered on it.
        RawConnection keep(f.port());
        keep.write("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QCOMPARE(keep.read(1).value(0).status, 200);
        keep.write("GET /healthz HTTP/1.0\r\n\r\n");
        QCOMPARE(keep.read(1).value(0).status, 200);
        QVERIFY(keep.waitClosed(3000));
    }

    void nothingAfterConnectionCloseRuns()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QString op = f.token(Role::Operator);
        RawConnection c(f.port());
        QVERIFY(c.connected);
        c.write(submitRequest(op, "closing", "c1", "Connection: close\r\n") + submitRequest(op, "after close", "c2"));
        const QList<Answer> answers = c.read(2, 3000);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].status, 201);
        QVERIFY(c.waitClosed());
        sentinel(f, op, "after");
        QCOMPARE(queueLength(f), 2); // the closing request and the sentinel, not the one after it
    }

    // The gateway's thread busy past a request's deadline (a long turn, a loaded machine) while the
    // rest of the request arrived in time: the request is answered, not refused with 408. After such
    // a stall the overdue timer and the socket's data are due in the same turn, in either order.
    void aRequestThatArrivedDuringAStallIsAnswered()
    {
        GatewayOptions o = roomyOptions();
        o.requestTimeoutMs = 400;
        o.idleTimeoutMs = 10'000;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        for (int round = 0; round < 5; ++round) {
            RawConnection c(f.port());
            QVERIFY(c.connected);
            c.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            QCOMPARE(c.read(1).value(0).status, 200);
            c.write("GET /healthz HTTP/1.1\r\n");
            c.pump(100); // the gateway reads the first half: the request's clock runs
            c.write("Host: x\r\n\r\n");
            QThread::msleep(700); // this thread is the gateway's: it does nothing past the deadline
            const QList<Answer> answers = c.read(1);
            QCOMPARE(answers.size(), 1);
            QCOMPARE(answers[0].status, 200);
        }
        QCOMPARE(f.gateway().metrics().timedOutRequests.load(), 0u);
    }

    void slowRequestsTimeOut()
    {
        GatewayOptions o = roomyOptions();
        o.requestTimeoutMs = 400;
        o.idleTimeoutMs = 800;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        QElapsedTimer timer;

        // Silent from the start: closed after the request time, without an answer. A client that
        // opened it ahead of a request would take a 408 for the answer to what it sends next.
        timer.start();
        RawConnection silent(f.port());
        QVERIFY(silent.connected);
        QVERIFY(silent.waitClosed());
        QVERIFY2(timer.elapsed() >= 350, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(silent.buffer.isEmpty(), silent.buffer.constData());
        QCOMPARE(f.gateway().metrics().idleClosed.load(), 1u);
        QCOMPARE(f.gateway().metrics().timedOutRequests.load(), 0u);

        // Busy, but never finishing its headers: one line every 100 ms does not reset the clock.
        RawConnection trickle(f.port());
        timer.restart();
        trickle.write("GET /healthz HTTP/1.1\r\n");
        while (trickle.socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000) {
            trickle.write("X-Slow: 1\r\n");
            trickle.pump(100);
        }
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(trickle.buffer.startsWith("HTTP/1.1 408"));
        QCOMPARE(f.gateway().metrics().timedOutRequests.load(), 1u);

        // Kept alive and answered, then idle: closed after the idle time, without an answer.
        RawConnection idle(f.port());
        idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(idle.read(1).value(0).status, 200);
        timer.restart();
        // Still open within the idle time: a request 500 ms later (past the request timeout) works.
        idle.pump(500);
        idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(idle.read(1).value(0).status, 200);
        timer.restart();
        QVERIFY(idle.waitClosed());
        QVERIFY2(timer.elapsed() >= 600, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(idle.buffer.isEmpty());
        QVERIFY(f.gateway().metrics().idleClosed.load() >= 1);
    }

    void incompleteWebSocketHandshakesGetHttpAnswers()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QByteArray upgrade = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        const QByteArray version = "Sec-WebSocket-Version: 13\r\n";
        struct Case
        {
            QByteArray request;
            int status;
            QByteArray code;
        };
        const QList<Case> cases = {
            {upgrade + version + "\r\n", 400, "bad_request"},                                  // no key (RFC 6455 §4.2.1)
            {upgrade + "Sec-WebSocket-Key: c2hvcnQ=\r\n" + version + "\r\n", 400, "bad_request"}, // not 16 bytes
            {upgrade + key + "Sec-WebSocket-Version: 8\r\n\r\n", 426, "upgrade_required"},
            {"GET /ws HTTP/1.1\r\nHost: x\r\n\r\n", 426, "upgrade_required"},
        };
        for (const Case &c : cases) {
            RawConnection raw(f.port());
            QVERIFY(raw.connected);
            raw.write(c.request);
            const QList<Answer> answers = raw.read(1);
            QVERIFY2(answers.size() == 1, c.request.constData());
            QCOMPARE(answers[0].status, c.status);
            QVERIFY2(answers[0].body.contains(c.code), answers[0].body.constData());
            if (c.status == 426)
                QVERIFY(answers[0].head.contains("Upgrade: websocket"));
        }
        // The complete handshake still upgrades.
        RawConnection ok(f.port());
        ok.write(upgrade + key + version + "\r\n");
        QTRY_VERIFY_WITH_TIMEOUT((ok.pump(50), ok.buffer.startsWith("HTTP/1.1 101")), 5000);
    }

    void theFirstRequestIsDueFromTheConnectionOpening()
    {
        GatewayOptions o = roomyOptions();
        o.requestTimeoutMs = 1000;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        QElapsedTimer sinceOpen;
        sinceOpen.start();
        RawConnection late(f.port());
        QVERIFY(late.connected);
        // Silent for 900 ms, then busy: its clock does not start again at its first byte.
        late.pump(900);
        late.write("GET /healthz HTTP/1.1\r\n");
        while (late.socket.state() == QAbstractSocket::ConnectedState && sinceOpen.elapsed() < 5000) {
            late.write("X-Slow: 1\r\n");
            late.pump(100);
        }
        QVERIFY(late.buffer.startsWith("HTTP/1.1 408"));
        QVERIFY2(sinceOpen.elapsed() < 1600, qPrintable(QString::number(sinceOpen.elapsed())));
    }

    void oneAddressCannotTakeEveryConnection()
    {
        GatewayOptions o = roomyOptions();
        o.maxConnectionsPerAddress = 3;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QHostAddress other(QStringLiteral("127.0.0.2"));
        std::vector<std::unique_ptr<RawConnection>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<RawConnection>(f.port(), other));
            QVERIFY(held.back()->connected);
        }
        QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 3, 5000);
        RawConnection fourth(f.port(), other);
        const QList<Answer> refused = fourth.read(1);
        QCOMPARE(refused.value(0).status, 503);
        QVERIFY(refused[0].body.contains("too_many_connections"));
        // Another address is served.
        RawConnection mine(f.port());
        mine.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(mine.read(1).value(0).status, 200);
        // WebSockets are not counted once upgraded: three from this address, and HTTP still works.
        std::vector<std::unique_ptr<WsClient>> sockets;
        for (int i = 0; i < 3; ++i) {
            sockets.push_back(std::make_unique<WsClient>());
            QVERIFY(sockets.back()->open(wsUrl(f)));
        }
        RawConnection still(f.port());
        still.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(still.read(1).value(0).status, 200);
    }

    // A storm of connections that each ask /healthz and close leaves the process about as large as
    // before: what they held goes back to the system, not only to the allocator.
    void memoryReturnsAfterAConnectionStorm()
    {
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer's allocator quarantines freed memory and ignores malloc_trim, so resident
        // memory says nothing about what the gateway holds; the default build runs this check.
        QSKIP("resident memory is not the gateway's under AddressSanitizer");
#endif
        GatewayOptions o = roomyOptions();
        o.maxConnectionsPerAddress = o.maxConnections;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const auto residentMiB = [] {
            QFile statm(QStringLiteral("/proc/self/statm"));
            if (!statm.open(QIODevice::ReadOnly))
                return -1.0;
            return statm.readAll().split(' ').value(1).toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
        };
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(f.port());
        inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        const char request[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        const double idle = residentMiB();
        // Two storms: the second must not add to what the first left either.
        for (int round = 0; round < 2; ++round) {
            std::vector<int> fds;
            for (int i = 0; i < 5000; ++i) {
                const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
                QVERIFY(fd >= 0);
                QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to), 0);
                QVERIFY(::send(fd, request, sizeof request - 1, MSG_NOSIGNAL) > 0);
                fds.push_back(fd);
            }
            QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 5000, 30'000);
            for (int fd : fds) {
                char answer[512];
                QVERIFY(::recv(fd, answer, sizeof answer, 0) > 0);
                ::close(fd);
            }
            QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 0, 30'000);
        }
        // A 16 KiB read buffer each at least, 80 MiB for the storm: a quarter of that may stay.
        const double stormMiB = 5000 * 16.0 / 1024;
        QTRY_VERIFY2_WITH_TIMEOUT(residentMiB() < idle + stormMiB / 4,
                                  qPrintable(QStringLiteral("%1 MiB, %2 MiB before the storms").arg(residentMiB()).arg(idle)),
                                  10'000);
        qInfo("resident: %.1f MiB before two storms of 5,000 connections, %.1f MiB after", idle, residentMiB());
    }

    // A slowloris: many connections from one address, each sending a header line and then
    // nothing, while a real client asks /healthz. AIRDISPLAY_SLOWLORIS_CONNECTIONS sets how many
    // (10,000 for the measurement in docs/protocol.md; the CTest run uses fewer for time).
    void slowlorisDoesNotStopHealthz()
    {
        const int asked = qEnvironmentVariableIntValue("AIRDISPLAY_SLOWLORIS_CONNECTIONS");
        const int attackers = asked > 0 ? asked : 2000;
        GatewayOptions o = roomyOptions();
        // The default 10 s is the same mechanism, only slower to watch; the measurement by hand
        // keeps the defaults.
        if (asked <= 0)
            o.requestTimeoutMs = 3000;
        GatewayFixture f(1, o);
        QVERIFY2(f.ok(), qPrintable(f.error()));
        sockaddr_in from{};
        from.sin_family = AF_INET;
        inet_pton(AF_INET, "127.0.0.2", &from.sin_addr);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(f.port());
        inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        std::vector<int> fds;
        fds.reserve(size_t(attackers));
        QElapsedTimer opening;
        opening.start();
        for (int i = 0; i < attackers; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            QVERIFY(fd >= 0);
            QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from), 0);
            QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to), 0);
            const char line[] = "GET /healthz HTTP/1.1\r\nX-Slow: 1\r\n";
            QVERIFY(::send(fd, line, sizeof line - 1, MSG_NOSIGNAL) > 0);
            fds.push_back(fd);
        }
        // Measured once the gateway has taken them all in (admitted up to the per-address limit,
        // refused beyond it): the slow connections are what is being tested, not a connect flood.
        const GatewayMetrics &m = f.gateway().metrics();
        QTRY_VERIFY_WITH_TIMEOUT(m.openConnections.load() + qint64(m.rejectedConnections.load()) >= attackers, 30'000);
        qInfo("%d slowloris connections opened in %lld ms", attackers, qint64(opening.elapsed()));
        QList<qint64> times;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            RawConnection real(f.port());
            QVERIFY(real.connected);
            real.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            const QList<Answer> answers = real.read(1, 5000);
            times.append(timer.elapsed());
            QCOMPARE(answers.value(0).status, 200);
        }
        std::sort(times.begin(), times.end());
        qInfo("healthz under slowloris: median %lld ms, max %lld ms; %d connections open at the gateway",
              times[times.size() / 2], times.last(), f.gateway().metrics().openConnections.load());
        // Locked out would be a 503 or no answer at all (both fail above). The < 100 ms target is
        // held by the median here: on a shared 2-core machine one answer in twenty can wait for a
        // compiler's time slice (the maximum is printed above, and measured by hand at 10,000).
        QVERIFY2(times[times.size() / 2] < 100, qPrintable(QString::number(times[times.size() / 2])));
        // And the slow ones are closed by the request timeout, not held.
        QTRY_VERIFY_WITH_TIMEOUT(f.gateway().metrics().openConnections.load() == 0, 30'000);
        for (int fd : fds)
            ::close(fd);
    }
};

QTEST_MAIN(tst_HttpConformance)
#include "tst_httpconformance.moc"
