// The gateway with --tls-cert/--tls-key: WSS and HTTPS on one port, verified by real clients
// against a self-signed certificate generated here with the openssl command; plain clients fail.

#include "GatewayFixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QtTest>

using namespace airdisplay;

class TestGatewayTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wssAndHttps();
    void plainClientsFail();

private:
    // Trusts exactly the generated certificate (no "ignore errors"): the chain, the name
    // (127.0.0.1 in subjectAltName) and the dates are all checked.
    QSslConfiguration trusting() const;
    GatewayOptions tlsOptions() const;
    struct Answer
    {
        int status = 0;
        QJsonObject json;
        QSslCertificate peer;
    };
    // On `network` if given (a manager of its own has no connection or TLS session to reuse).
    Answer get(const QUrl &url, const QSslConfiguration *tls, QNetworkAccessManager *network = nullptr);

    QTemporaryDir m_dir;
    QString m_certPath;
    QString m_keyPath;
    QSslCertificate m_cert;
    QNetworkAccessManager m_network;
};

void TestGatewayTls::initTestCase()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("the openssl command is not installed (scripts/install-deps.sh installs it); cannot make a test certificate");
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend: the gateway cannot serve --tls-cert");
    QVERIFY(m_dir.isValid());
    m_certPath = m_dir.filePath(QStringLiteral("cert.pem"));
    m_keyPath = m_dir.filePath(QStringLiteral("key.pem"));
    QProcess req;
    req.setProcessChannelMode(QProcess::MergedChannels);
    req.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                        QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_keyPath, QStringLiteral("-out"), m_certPath,
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                        QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")});
    QVERIFY2(req.waitForFinished(60'000), "openssl req did not finish");
    QVERIFY2(req.exitStatus() == QProcess::NormalExit && req.exitCode() == 0, req.readAll().constData());
    QFile cert(m_certPath);
    QVERIFY(cert.open(QIODevice::ReadOnly));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    QCOMPARE(certs.size(), 1);
    m_cert = certs.first();
}

QSslConfiguration TestGatewayTls::trusting() const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({m_cert});
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

GatewayOptions TestGatewayTls::tlsOptions() const
{
    GatewayOptions o;
    o.tlsCertificatePath = m_certPath;
    o.tlsKeyPath = m_keyPath;
    return o;
}

TestGatewayTls::Answer TestGatewayTls::get(const QUrl &url, const QSslConfiguration *tls, QNetworkAccessManager *network)
{
    QNetworkRequest request(url);
    if (tls)
        request.setSslConfiguration(*tls);
    request.setTransferTimeout(10'000);
    QNetworkReply *reply = (network ? network : &m_network)->get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15'000);
    Answer r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.json = QJsonDocument::fromJson(reply->readAll()).object();
    r.peer = reply->sslConfiguration().peerCertificate();
    if (reply->error() != QNetworkReply::NoError)
        qInfo() << url.toString() << "failed as" << reply->error() << reply->errorString();
    reply->deleteLater();
    return r;
}

void TestGatewayTls::wssAndHttps()
{
    GatewayFixture f(2, tlsOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString op = f.token(Role::Operator);

    // WSS: authenticate and submit.
    WsClient client;
    QStringList sslErrors;
    connect(&client.socket, &QWebSocket::sslErrors, this, [&sslErrors](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            sslErrors << e.errorString();
    });
    client.socket.setSslConfiguration(trusting());
    QVERIFY2(client.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(f.port())), 10'000),
             qPrintable(client.socket.errorString() + QLatin1Char(' ') + sslErrors.join(QStringLiteral("; "))));
    QVERIFY2(sslErrors.isEmpty(), qPrintable(sslErrors.join(QStringLiteral("; "))));
    QVERIFY(client.authenticate(op));
    const int welcome = client.waitFor([](const QJsonObject &frame) { return frame.value(QStringLiteral("type")) == QStringLiteral("welcome"); });
    QCOMPARE(client.frames.at(welcome).value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
    client.send({{QStringLiteral("type"), QStringLiteral("submit")}, {QStringLiteral("bannerId"), 1},
                 {QStringLiteral("text"), QStringLiteral("Over TLS")}, {QStringLiteral("requestId"), QStringLiteral("tls-1")},
                 {QStringLiteral("id"), QStringLiteral("s1")}});
    const int ack = client.waitFor(answerTo(QStringLiteral("s1")), 10'000);
    QVERIFY(ack >= 0);
    const QJsonObject answer = client.frames.at(ack);
    QCOMPARE(answer.value(QStringLiteral("type")).toString(), QStringLiteral("ack"));
    QVERIFY(answer.value(QStringLiteral("messageId")).toDouble() > 0);

    // HTTPS: /healthz, and the submission read back over REST.
    const QSslConfiguration tls = trusting();
    const Answer health = get(QUrl(QStringLiteral("https://127.0.0.1:%1/healthz").arg(f.port())), &tls);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.peer, m_cert);
    QCOMPARE(health.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    const qint64 messageId = qint64(answer.value(QStringLiteral("messageId")).toDouble());
    QNetworkRequest receipt(QUrl(QStringLiteral("https://127.0.0.1:%1/api/v1/messages/%2").arg(f.port()).arg(messageId)));
    receipt.setSslConfiguration(tls);
    receipt.setRawHeader("Authorization", "Bearer " + op.toLatin1());
    QNetworkReply *reply = m_network.get(receipt);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(15'000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("message")).toObject()
                 .value(QStringLiteral("text")).toString(),
             QStringLiteral("Over TLS"));
    reply->deleteLater();

    // A client that does not trust the certificate is refused by its own verification.
    QNetworkAccessManager fresh;
    const Answer untrusted = get(QUrl(QStringLiteral("https://127.0.0.1:%1/healthz").arg(f.port())), nullptr, &fresh);
    QCOMPARE(untrusted.status, 0);
}

void TestGatewayTls::plainClientsFail()
{
    GatewayFixture f(1, tlsOptions());
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const QString viewer = f.token(Role::Viewer);

    // ws:// to the TLS port: the server expects a TLS handshake, so the WebSocket never opens.
    // The gateway drops the connection at the failed handshake; the client does not wait it out.
    WsClient plain;
    QSignalSpy connected(&plain.socket, &QWebSocket::connected);
    QSignalSpy dropped(&plain.socket, &QWebSocket::disconnected);
    QElapsedTimer clock;
    clock.start();
    plain.socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port())));
    QTRY_VERIFY_WITH_TIMEOUT(dropped.count() > 0 || connected.count() > 0, 10'000);
    QCOMPARE(connected.count(), 0);
    QVERIFY2(clock.elapsed() < 8000, "the plain connection was left to time out instead of being closed");
    QCOMPARE(plain.socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(plain.frames.isEmpty());

    // http:// likewise gets no answer.
    QNetworkAccessManager plainHttp;
    const Answer http = get(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(f.port())), nullptr, &plainHttp);
    QCOMPARE(http.status, 0);

    // The gateway is unharmed: a WSS client still gets in.
    WsClient secure;
    secure.socket.setSslConfiguration(trusting());
    QVERIFY(secure.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(f.port())), 10'000));
    QVERIFY(secure.authenticate(viewer));
}

QTEST_MAIN(TestGatewayTls)
#include "tst_gatewaytls.moc"
