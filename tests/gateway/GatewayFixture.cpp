#include "GatewayFixture.h"

#include "FleetIndex.h"
#include "StoreUrl.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace airdisplay;

GatewayFixture::GatewayFixture(int bannerCount, GatewayOptions options, FleetPolicy policy)
{
    const QString db = m_dir.filePath(QStringLiteral("gateway.db"));
    FleetEngineOptions engineOptions;
    engineOptions.policy = policy;
    engineOptions.actors.workers = 2;
    m_engine = std::make_unique<FleetEngine>(engineOptions);
    if (const FleetError e = m_engine->open(db); e.isError()) {
        m_error = e.message();
        return;
    }
    QList<BannerRecord> banners;
    for (int i = 1; i <= bannerCount; ++i)
        banners.append({i, QStringLiteral("TEST-%1").arg(i), 0});
    const auto registered = m_engine->registerBanners(banners);
    registered.waitForFinished();
    if (!registered.result().ok()) {
        m_error = registered.result().error.message();
        return;
    }
    if (const StoreStatus s = m_tokens.open(StoreUrl::sqliteFile(db)); s.isError()) {
        m_error = s.message();
        return;
    }
    options.port = 0;
    options.storeLocation = db;
    m_gateway = std::make_unique<Gateway>(*m_engine, options);
    m_error = m_gateway->start().message();
}

GatewayFixture::~GatewayFixture()
{
    if (m_gateway)
        m_gateway->stop();
    m_gateway.reset();
    if (m_engine)
        m_engine->shutdown();
}

QUrl GatewayFixture::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
}

QString GatewayFixture::token(Role role, qint64 bannerId)
{
    const auto created = m_tokens.create(roleName(role), bannerId, QStringLiteral("test"));
    return created ? created->token : QString();
}

GatewayFixture::Reply GatewayFixture::request(const QByteArray &method, const QString &path, const QString &token,
                                              const QByteArray &body)
{
    QNetworkRequest request(url(path));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    reply->deleteLater();
    return r;
}

WsClient::WsClient(QObject *parent) : QObject(parent)
{
    connect(&socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { frames.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
    connect(&socket, &QWebSocket::disconnected, this, [this] {
        disconnected = true;
        closeCode = socket.closeCode();
    });
}

bool WsClient::open(const QUrl &url, int timeoutMs)
{
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(url);
    return connected.wait(timeoutMs) || connected.count() > 0;
}

void WsClient::send(const QJsonObject &frame)
{
    socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void WsClient::sendRaw(const QString &text)
{
    socket.sendTextMessage(text);
}

int WsClient::waitFor(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs, int from)
{
    QDeadlineTimer deadline(timeoutMs);
    int i = from;
    for (;;) {
        for (; i < frames.size(); ++i) {
            if (pred(frames.at(i)))
                return i;
        }
        if (deadline.hasExpired() || disconnected)
            return -1;
        QTest::qWait(5);
    }
}

bool WsClient::authenticate(const QString &token)
{
    send({{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), token}});
    return waitFor([](const QJsonObject &f) { return f.value(QStringLiteral("type")) == QStringLiteral("welcome"); }) >= 0;
}

std::function<bool(const QJsonObject &)> ofType(const char *type)
{
    return [t = QString::fromLatin1(type)](const QJsonObject &f) { return f.value(QStringLiteral("type")).toString() == t; };
}

std::function<bool(const QJsonObject &)> answerTo(const QString &id)
{
    return [id](const QJsonObject &f) {
        const QString type = f.value(QStringLiteral("type")).toString();
        return (type == QLatin1String("ack") || type == QLatin1String("error")) && f.value(QStringLiteral("id")).toString() == id;
    };
}

QJsonObject frame(const char *type, QJsonObject fields, const QString &id)
{
    fields.insert(QStringLiteral("type"), QString::fromLatin1(type));
    if (!id.isEmpty())
        fields.insert(QStringLiteral("id"), id);
    return fields;
}

QString wsUrl(GatewayFixture &f)
{
    return QStringLiteral("ws://127.0.0.1:%1/ws").arg(f.port());
}

airdisplay::GatewayOptions roomyOptions()
{
    airdisplay::GatewayOptions o;
    o.ratePerSecond = 1e6;
    o.rateBurst = 1e6;
    return o;
}
