// RFC 6455 on the server side, frame by frame over raw sockets against a real gateway, and the
// protocol's own rules for what a WebSocket client may send before and after auth.
#include "GatewayFixture.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QtEndian>
#include <QtTest>

using namespace airdisplay;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// A client frame: masked, as RFC 6455 §5.3 requires, unless a test breaks the rule.
QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true, quint8 rsv = 0)
{
    QByteArray f;
    f.append(char((fin ? 0x80 : 0) | rsv | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        f.append(char(maskBit | char(payload.size())));
    } else {
        f.append(char(maskBit | 126));
        char len[2];
        qToBigEndian<quint16>(quint16(payload.size()), len);
        f.append(len, 2);
    }
    if (!masked)
        return f + payload;
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    f.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f.append(char(payload[i] ^ key[i % 4]));
    return f;
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    QByteArray p(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, p.data());
    return p + reason;
}

struct ServerFrame
{
    quint8 opcode = 0;
    QByteArray payload;
    int closeCode() const { return payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : -1; }
    QByteArray closeReason() const { return payload.mid(2); }
};

// A WebSocket client written from the RFC: its own handshake, frames as given.
class RawWebSocket
{
public:
    explicit RawWebSocket(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return;
        socket.write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QElapsedTimer timer;
        timer.start();
        while (!buffer.contains("\r\n\r\n") && timer.elapsed() < 5000 && socket.waitForReadyRead(100))
            buffer += socket.readAll();
        buffer += socket.readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        upgraded = buffer.startsWith("HTTP/1.1 101") && end > 0;
        buffer.remove(0, end + 4);
    }
    void write(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.waitForBytesWritten(5000);
    }
    // The next server frame, or nothing if the connection closed or the time ran out first.
    std::optional<ServerFrame> next(int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (true) {
            if (std::optional<ServerFrame> f = take())
                return f;
            if (timer.elapsed() > timeoutMs || socket.state() != QAbstractSocket::ConnectedState)
                return std::nullopt;
            socket.waitForReadyRead(50);
            buffer += socket.readAll();
        }
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
            socket.waitForReadyRead(50);
            buffer += socket.readAll();
        }
        return socket.state() != QAbstractSocket::ConnectedState;
    }

    QTcpSocket socket;
    QByteArray buffer;
    bool upgraded = false;

private:
    std::optional<ServerFrame> take()
    {
        if (buffer.size() < 2)
            return std::nullopt;
        const auto *p = reinterpret_cast<const uchar *>(buffer.constData());
        qsizetype header = 2;
        quint64 length = p[1] & 0x7F;
        if (length == 126) {
            if (buffer.size() < 4)
                return std::nullopt;
            length = qFromBigEndian<quint16>(p + 2);
            header = 4;
        } else if (length == 127) {
            if (buffer.size() < 10)
                return std::nullopt;
            length = qFromBigEndian<quint64>(p + 2);
            header = 10;
        }
        if (quint64(buffer.size()) < header + length)
            return std::nullopt;
        ServerFrame f{quint8(p[0] & 0x0F), buffer.mid(header, qsizetype(length))};
        buffer.remove(0, header + qsizetype(length));
        return f;
    }
};

} // namespace

class tst_WebSocketConformance : public QObject
{
    Q_OBJECT

private slots:
    void protocolErrorsAreClosedWithTheRightCode_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("reason");
        const QByteArray ping = R"({"type":"ping"})";
        QTest::newRow("unmasked") << clientFrame(0x1, ping, true, false) << 1002 << QByteArray("masked");
        QTest::newRow("reserved bit") << clientFrame(0x1, ping, true, true, 0x40) << 1002 << QByteArray("Reserved");
        QTest::newRow("unknown opcode") << clientFrame(0x3, ping) << 1002 << QByteArray("opcode");
        QTest::newRow("fragmented ping") << clientFrame(0x9, "x", false) << 1002 << QByteArray("Control");
        QTest::newRow("close code 999") << clientFrame(0x8, closePayload(999)) << 1002 << QByteArray("Invalid close code 999.");
        QTest::newRow("close code 1005") << clientFrame(0x8, closePayload(1005)) << 1002 << QByteArray("Invalid close code 1005.");
        QTest::newRow("close code 5000") << clientFrame(0x8, closePayload(5000)) << 1002 << QByteArray("Invalid close code 5000.");
        QTest::newRow("1-byte close") << clientFrame(0x8, "x") << 1002 << QByteArray("2-byte");
        QTest::newRow("close reason not UTF-8") << clientFrame(0x8, closePayload(1000, "\xff")) << 1007 << QByteArray("UTF-8");
    }
    void protocolErrorsAreClosedWithTheRightCode()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, code);
        QFETCH(QByteArray, reason);
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        RawWebSocket ws(f.port());
        QVERIFY(ws.upgraded);
        // Authenticated first, so that a frame that got through would be answered.
        ws.write(clientFrame(0x1, R"({"type":"auth","token":")" + f.token(Role::Viewer).toLatin1() + R"("})"));
        QVERIFY(ws.next().value_or(ServerFrame()).payload.contains("welcome"));
        ws.write(frame);
        const std::optional<ServerFrame> answer = ws.next();
        QVERIFY(answer);
        QCOMPARE(answer->opcode, quint8(0x8));
        QCOMPARE(answer->closeCode(), code);
        QVERIFY2(answer->closeReason().contains(reason), answer->closeReason().constData());
        QVERIFY(ws.waitClosed());
    }

    void validFramesStillWork()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        RawWebSocket ws(f.port());
        QVERIFY(ws.upgraded);
        // A frame split across writes, its header too, and two frames in one write.
        const QByteArray auth = clientFrame(0x1, R"({"type":"auth","token":")" + f.token(Role::Viewer).toLatin1() + R"(","id":1})");
        ws.write(auth.left(1));
        ws.write(auth.mid(1, 5));
        ws.write(auth.mid(6));
        std::optional<ServerFrame> welcome = ws.next();
        QVERIFY(welcome);
        QVERIFY2(welcome->payload.contains("welcome"), welcome->payload.constData());
        ws.write(clientFrame(0x1, R"({"type":"ping","id":2})") + clientFrame(0x1, R"({"type":"ping","id":3})"));
        QVERIFY(ws.next().value_or(ServerFrame()).payload.contains(R"("id":2)"));
        QVERIFY(ws.next().value_or(ServerFrame()).payload.contains(R"("id":3)"));
        // A control frame between a message's fragments, as §5.4 allows.
        ws.write(clientFrame(0x1, R"({"type":"ping",)", false) + clientFrame(0x9, "hi")
                 + clientFrame(0x0, R"("id":4})"));
        const std::optional<ServerFrame> pong = ws.next();
        QVERIFY(pong);
        QCOMPARE(pong->opcode, quint8(0xA));
        QCOMPARE(pong->payload, QByteArray("hi"));
        QVERIFY(ws.next().value_or(ServerFrame()).payload.contains(R"("id":4)"));
        // A valid close is answered with the same code.
        ws.write(clientFrame(0x8, closePayload(1000, "bye")));
        const std::optional<ServerFrame> close = ws.next();
        QVERIFY(close);
        QCOMPARE(close->opcode, quint8(0x8));
        QCOMPARE(close->closeCode(), 1000);
        QVERIFY(ws.waitClosed());
    }

    // A WebSocket's connection stops counting against the gateway's limit once it is closed. (The
    // count rode on the socket's destroyed signal, which QHttpServer disconnects when it upgrades a
    // socket: every WebSocket counted for ever, and after maxConnections of them in the server's life
    // every newcomer was refused with 503. The 2-hour soak found it after an hour.)
    void closedWebSocketsFreeTheirConnectionSlots()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        const QString viewer = f.token(Role::Viewer);
        for (int i = 0; i < 5; ++i) {
            WsClient ws;
            QVERIFY(ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port()))));
            QVERIFY2(ws.authenticate(viewer), qPrintable(QStringLiteral("session %1").arg(i)));
            ws.socket.close();
            QTRY_VERIFY_WITH_TIMEOUT(ws.disconnected, 5000);
        }
        // Every socket is gone on the server: none counts against the limit any more.
        QTRY_COMPARE_WITH_TIMEOUT(f.gateway().metrics().openConnections.load(), 0, 10'000);
    }

    void jsonByRfc8259()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        RawWebSocket ws(f.port());
        QVERIFY(ws.upgraded);
        const QList<std::pair<QByteArray, QByteArray>> cases = {
            {QByteArray("{\"type\":\"ping\",\"id\":\"a\nb\"}"), "invalid_json"},
            {QByteArray("{\"type\":\"ping\",\"id\":\"a\0b\"}", 26), "invalid_json"},
            {"\"hello\"", "not_an_object"},
            {"null", "not_an_object"},
            {"42", "not_an_object"},
        };
        for (const auto &[text, code] : cases) {
            ws.write(clientFrame(0x1, text));
            const std::optional<ServerFrame> answer = ws.next();
            QVERIFY2(answer, text.constData());
            QVERIFY2(answer->payload.contains("\"code\":\"" + code + '"'), answer->payload.constData());
            // Nothing raw is echoed back: the id is not read from a frame that is not JSON.
            QVERIFY(!answer->payload.contains('\n') && !answer->payload.contains('\0'));
        }
    }

    void pingNeedsAuth()
    {
        GatewayFixture f(1, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        WsClient c;
        QVERIFY(c.open(wsUrl(f)));
        c.send(frame("ping", {}, s("p")));
        const int i = c.waitFor(answerTo(s("p")));
        QVERIFY(i >= 0);
        QCOMPARE(c.frames[i].value(s("type")).toString(), s("error"));
        QCOMPARE(c.frames[i].value(s("code")).toString(), s("unauthenticated"));
        QVERIFY(c.authenticate(f.token(Role::Viewer)));
        c.send(frame("ping", {}, s("q")));
        QVERIFY(c.waitFor([](const QJsonObject &answer) {
            return answer.value(QStringLiteral("type")).toString() == QLatin1String("pong")
                    && answer.value(QStringLiteral("id")).toString() == QLatin1String("q");
        }) >= 0);
    }

    void helloNamingAnotherBannersMessage()
    {
        GatewayFixture f(2, roomyOptions());
        QVERIFY2(f.ok(), qPrintable(f.error()));
        WsClient device;
        QVERIFY(device.open(wsUrl(f)));
        QVERIFY(device.authenticate(f.token(Role::Device, 1)));
        const qint64 otherBannersMessage = 2 * BannerState::kMessagesPerBanner + 1;
        device.send(frame("hello", {{s("showing"), double(otherBannersMessage)}}, s("h")));
        const int i = device.waitFor(answerTo(s("h")));
        QVERIFY(i >= 0);
        QCOMPARE(device.frames[i].value(s("code")).toString(), s("wrong_banner"));
        // Its own banner's message is fine.
        device.send(frame("hello", {{s("showing"), double(BannerState::kMessagesPerBanner + 1)}}, s("own")));
        const int j = device.waitFor(answerTo(s("own")));
        QVERIFY(j >= 0);
        QVERIFY2(device.frames[j].value(s("type")).toString() == s("ack"),
                 QJsonDocument(device.frames[j]).toJson().constData());
    }
};

QTEST_MAIN(tst_WebSocketConformance)
#include "tst_websocketconformance.moc"
