// Compressed HTTP answers over raw sockets against a real gateway: what a browser or a proxy sees on
// the wire, which QNetworkAccessManager would hide by inflating the body itself.
#include "GatewayFixture.h"
#include "HttpCompression.h"

#include <QFile>
#include <QTcpSocket>
#include <QtTest>

#include <zlib.h>

#include <cstring>

using namespace airdisplay;

namespace {

struct Answer
{
    int status = 0;
    QByteArray head; // status line and headers, lower case
    QByteArray body;
    bool ok = false;

    // The value of a header, or a null array when it is absent.
    QByteArray header(const QByteArray &name) const
    {
        QByteArray value;
        for (const QByteArray &line : head.split('\n')) {
            if (line.startsWith(name + ':')) {
                if (!value.isNull())
                    return "<twice>";
                value = line.mid(name.size() + 1).trimmed();
            }
        }
        return value;
    }
};

// One request on its own connection (Connection: close), read to the end.
Answer get(quint16 port, const QByteArray &path, const QByteArray &extraHeaders, const QString &token = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    Answer a;
    if (!socket.waitForConnected(5000))
        return a;
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extraHeaders;
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token.toLatin1() + "\r\n";
    socket.write(request + "\r\n");
    QByteArray buffer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10'000))
        buffer += socket.readAll();
    buffer += socket.readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return a;
    a.head = buffer.left(end + 2).toLower();
    a.status = buffer.mid(9, 3).toInt();
    a.body = buffer.mid(end + 4);
    a.ok = a.header("content-length").toLongLong() == a.body.size();
    return a;
}

// zlib's own inflate, independent of the gateway's encoder: windowBits 15 + 16 reads gzip only,
// 15 reads the zlib format only. Null on any error or trailing garbage.
QByteArray inflate(const QByteArray &data, HttpCompression::Coding coding)
{
    z_stream stream;
    std::memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, coding == HttpCompression::Coding::Gzip ? 15 + 16 : 15) != Z_OK)
        return {};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    int result = Z_OK;
    char chunk[16384];
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof chunk;
        result = ::inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - stream.avail_out));
    }
    const bool complete = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return complete ? out : QByteArray();
}

} // namespace

class tst_HttpCompression : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_fixture = std::make_unique<GatewayFixture>(200, roomyOptions());
        QVERIFY2(m_fixture->ok(), qPrintable(m_fixture->error()));
        m_token = m_fixture->token(Role::Viewer);
        QVERIFY(!m_token.isEmpty());
    }
    void cleanupTestCase() { m_fixture.reset(); }

    void negotiate_data()
    {
        using C = HttpCompression::Coding;
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::addColumn<C>("expected");
        QTest::newRow("absent") << QByteArray() << C::Identity;
        QTest::newRow("gzip") << QByteArray("gzip") << C::Gzip;
        QTest::newRow("browser") << QByteArray("gzip, deflate, br, zstd") << C::Gzip;
        QTest::newRow("case and spaces") << QByteArray("  GZip ;Q=0.5 ") << C::Gzip;
        QTest::newRow("x-gzip") << QByteArray("x-gzip") << C::Gzip;
        QTest::newRow("deflate only") << QByteArray("deflate") << C::Deflate;
        QTest::newRow("deflate preferred") << QByteArray("gzip;q=0.4, deflate;q=0.8") << C::Deflate;
        QTest::newRow("tie goes to gzip") << QByteArray("deflate;q=0.5, gzip;q=0.5") << C::Gzip;
        QTest::newRow("gzip refused") << QByteArray("gzip;q=0") << C::Identity;
        QTest::newRow("gzip refused, deflate taken") << QByteArray("gzip;q=0, deflate") << C::Deflate;
        QTest::newRow("q=0.000") << QByteArray("gzip;q=0.000") << C::Identity;
        QTest::newRow("star") << QByteArray("*") << C::Gzip;
        QTest::newRow("star refused") << QByteArray("*;q=0") << C::Identity;
        QTest::newRow("star refused but gzip named") << QByteArray("*;q=0, gzip") << C::Gzip;
        QTest::newRow("gzip named refused, star") << QByteArray("gzip;q=0, *") << C::Deflate;
        QTest::newRow("identity only") << QByteArray("identity") << C::Identity;
        QTest::newRow("br only") << QByteArray("br") << C::Identity;
        QTest::newRow("malformed q") << QByteArray("gzip;q=abc") << C::Identity;
        QTest::newRow("q above 1") << QByteArray("gzip;q=2") << C::Identity;
    }
    void negotiate()
    {
        QFETCH(QByteArray, acceptEncoding);
        QFETCH(HttpCompression::Coding, expected);
        QCOMPARE(HttpCompression::negotiate(acceptEncoding), expected);
    }

    // A listing of 200 banners (about 22 KB of JSON) in each coding: the compressed body inflates
    // to exactly the bytes sent to a client that accepts no coding.
    void listingIsCompressedWhenAccepted_data()
    {
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::addColumn<HttpCompression::Coding>("coding");
        QTest::newRow("gzip") << QByteArray("gzip, deflate") << HttpCompression::Coding::Gzip;
        QTest::newRow("deflate") << QByteArray("deflate") << HttpCompression::Coding::Deflate;
    }
    void listingIsCompressedWhenAccepted()
    {
        QFETCH(QByteArray, acceptEncoding);
        QFETCH(HttpCompression::Coding, coding);
        const QByteArray path = "/api/v1/banners?limit=1000";
        const Answer plain = get(m_fixture->port(), path, {}, m_token);
        QVERIFY(plain.ok);
        QCOMPARE(plain.status, 200);
        QVERIFY(plain.body.size() > 10'000);
        QVERIFY(plain.header("content-encoding").isNull());
        QCOMPARE(plain.header("vary"), QByteArray("accept-encoding"));

        const Answer compressed = get(m_fixture->port(), path, "Accept-Encoding: " + acceptEncoding + "\r\n", m_token);
        QVERIFY(compressed.ok);
        QCOMPARE(compressed.status, 200);
        QCOMPARE(compressed.header("content-encoding"), HttpCompression::name(coding));
        QCOMPARE(compressed.header("vary"), QByteArray("accept-encoding"));
        QCOMPARE(compressed.header("content-type"), QByteArray("application/json"));
        QVERIFY2(compressed.body.size() * 4 < plain.body.size(), qPrintable(QString::number(compressed.body.size())));
        QCOMPARE(inflate(compressed.body, coding), plain.body);
    }

    void refusedCodingsAreNotUsed_data()
    {
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::newRow("gzip;q=0") << QByteArray("gzip;q=0");
        QTest::newRow("all refused") << QByteArray("gzip;q=0, deflate;q=0, br");
        QTest::newRow("star;q=0") << QByteArray("*;q=0");
        QTest::newRow("identity") << QByteArray("identity");
    }
    void refusedCodingsAreNotUsed()
    {
        QFETCH(QByteArray, acceptEncoding);
        const Answer a = get(m_fixture->port(), "/api/v1/banners?limit=1000", "Accept-Encoding: " + acceptEncoding + "\r\n", m_token);
        QVERIFY(a.ok);
        QCOMPARE(a.status, 200);
        QVERIFY(a.header("content-encoding").isNull());
        QCOMPARE(a.header("vary"), QByteArray("accept-encoding"));
        QVERIFY(a.body.startsWith("{\"banners\":["));
    }

    // Below 1 KiB compression saves a few bytes at best: /healthz and a one-banner page go as they are.
    void smallAnswersAreNotCompressed()
    {
        const Answer health = get(m_fixture->port(), "/healthz", "Accept-Encoding: gzip\r\n");
        QVERIFY(health.ok);
        QCOMPARE(health.status, 200);
        QVERIFY(health.header("content-encoding").isNull());
        QVERIFY(health.header("vary").isNull());
        QVERIFY(health.body.contains("\"status\":\"ok\""));

        const Answer one = get(m_fixture->port(), "/api/v1/banners?limit=1", "Accept-Encoding: gzip\r\n", m_token);
        QVERIFY(one.ok);
        QCOMPARE(one.status, 200);
        QVERIFY(one.body.size() < HttpCompression::kMinimumBytes);
        QVERIFY(one.header("content-encoding").isNull());
        QVERIFY(one.body.startsWith("{\"banners\":["));
    }

    // The web client's files, compressed once and served from the cache: every request gets the
    // same bytes, which inflate to the file compiled in.
    void staticFilesAreCompressed_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("resource");
        QTest::newRow("index") << QByteArray("/") << QStringLiteral(":/web/index.html");
        QTest::newRow("script") << QByteArray("/js/main.js") << QStringLiteral(":/web/js/main.js");
        QTest::newRow("style") << QByteArray("/app.css") << QStringLiteral(":/web/app.css");
        QTest::newRow("land") << QByteArray("/data/land-110m.json") << QStringLiteral(":/web/data/land-110m.json");
    }
    void staticFilesAreCompressed()
    {
        QFETCH(QByteArray, path);
        QFETCH(QString, resource);
        QFile file(resource);
        QVERIFY2(file.open(QIODevice::ReadOnly), "the web client is compiled into the gateway");
        const QByteArray original = file.readAll();

        const Answer plain = get(m_fixture->port(), path, {});
        QVERIFY(plain.ok);
        QCOMPARE(plain.status, 200);
        QVERIFY(plain.header("content-encoding").isNull());
        QCOMPARE(plain.header("vary"), QByteArray("accept-encoding"));
        QCOMPARE(plain.body, original);

        const Answer first = get(m_fixture->port(), path, "Accept-Encoding: gzip, deflate, br\r\n");
        const Answer second = get(m_fixture->port(), path, "Accept-Encoding: gzip\r\n");
        QVERIFY(first.ok && second.ok);
        QCOMPARE(first.header("content-encoding"), QByteArray("gzip"));
        QCOMPARE(first.header("vary"), QByteArray("accept-encoding"));
        QCOMPARE(first.body, second.body);
        QVERIFY(first.body.size() < original.size());
        QCOMPARE(inflate(first.body, HttpCompression::Coding::Gzip), original);

        const Answer deflated = get(m_fixture->port(), path, "Accept-Encoding: deflate\r\n");
        QVERIFY(deflated.ok);
        QCOMPARE(deflated.header("content-encoding"), QByteArray("deflate"));
        QCOMPARE(inflate(deflated.body, HttpCompression::Coding::Deflate), original);

        const Answer refused = get(m_fixture->port(), path, "Accept-Encoding: gzip;q=0\r\n");
        QVERIFY(refused.ok);
        QVERIFY(refused.header("content-encoding").isNull());
        QCOMPARE(refused.body, original);
    }

private:
    std::unique_ptr<GatewayFixture> m_fixture;
    QString m_token;
};

QTEST_GUILESS_MAIN(tst_HttpCompression)
#include "tst_httpcompression.moc"
