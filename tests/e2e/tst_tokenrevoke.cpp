// Revocation across processes: airdisplayd runs as a child, and `airdisplayd token revoke ID`, a
// second process on the same database, revokes a token whose WebSocket session is open. The running
// daemon must close that session with 4003 within a few seconds and refuse the token over REST,
// while another token's session stays open.
#include "DaemonProcess.h"
#include "RestClient.h"
#include "StoreUrl.h"
#include "TokenStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

using namespace airdisplay;

namespace {

// A WebSocket client that authenticates and keeps what it receives and how it was closed.
class Session : public QObject
{
public:
    Session(quint16 port, const QString &token)
    {
        connect(&socket, &QWebSocket::connected, this, [this, token] {
            send({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), token}});
        });
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QString type = QJsonDocument::fromJson(text.toUtf8()).object().value(QLatin1String("type")).toString();
            if (type == QLatin1String("welcome"))
                welcomed = true;
            else if (type == QLatin1String("pong"))
                ++pongs;
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            closeCode = socket.closeCode();
        });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    }

    void send(const QJsonObject &frame)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    }

    QWebSocket socket;
    bool welcomed = false;
    bool closed = false;
    int closeCode = -1;
    int pongs = 0;
};

} // namespace

class tst_TokenRevoke : public QObject
{
    Q_OBJECT

private slots:
    void revokeCommandClosesTheDaemonsSessions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DaemonProcess daemon(QStringLiteral(AIRDISPLAYD_PATH), dir.filePath(QStringLiteral("revoke.db")));
        const QString revoked = daemon.createToken(Role::Operator);
        const QString kept = daemon.createToken(Role::Viewer);
        QVERIFY(!revoked.isEmpty() && !kept.isEmpty());
        QVERIFY(daemon.start({QStringLiteral("--register-demo-fleet"), QStringLiteral("2")}, kept.toLatin1(), 2));

        Session gone(daemon.port(), revoked);
        Session stays(daemon.port(), kept);
        QTRY_VERIFY_WITH_TIMEOUT(gone.welcomed && stays.welcomed, 10'000);
        QCOMPARE(RestClient(daemon.port(), revoked.toLatin1()).get("/api/v1/banners").status, 200);

        qint64 id = 0;
        {
            TokenStore tokens;
            const StoreResult<StoreUrl> url = StoreUrl::parse(daemon.database());
            QVERIFY(url && !tokens.open(url.value()).isError());
            const StoreResult<std::optional<TokenStore::Entry>> entry = tokens.verify(revoked);
            QVERIFY(entry && entry.value());
            id = entry.value()->id;
        }

        QProcess revoke;
        revoke.start(QStringLiteral(AIRDISPLAYD_PATH),
                     {QStringLiteral("token"), QStringLiteral("--db"), daemon.database(), QStringLiteral("revoke"), QString::number(id)});
        QVERIFY(revoke.waitForFinished(30'000));
        QVERIFY2(revoke.exitCode() == 0, revoke.readAllStandardError().constData());
        QCOMPARE(revoke.readAllStandardOutput().trimmed(), QByteArray("revoked token ") + QByteArray::number(id));

        // REST refuses the token at once; its session is closed within a few seconds.
        QCOMPARE(RestClient(daemon.port(), revoked.toLatin1()).get("/api/v1/banners").status, 401);
        QTRY_VERIFY_WITH_TIMEOUT(gone.closed, 8000);
        QCOMPARE(gone.closeCode, 4003);

        // The other token goes on.
        QVERIFY(!stays.closed);
        stays.send({{QStringLiteral("type"), QStringLiteral("ping")}});
        QTRY_VERIFY_WITH_TIMEOUT(stays.pongs > 0, 5000);
        QCOMPARE(RestClient(daemon.port(), kept.toLatin1()).get("/api/v1/banners").status, 200);

        QVERIFY(daemon.stop());
    }
};

QTEST_MAIN(tst_TokenRevoke)
#include "tst_tokenrevoke.moc"
