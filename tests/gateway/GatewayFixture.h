#pragma once

#include "FleetEngine.h"
#include "Gateway.h"
#include "Role.h"
#include "TokenStore.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QWebSocket>

#include <functional>
#include <memory>

// A real FleetEngine on a temporary SQLite database with banners 1..bannerCount, the gateway on a
// free loopback port, and tokens for every role. Tests talk to it only over the network.
class GatewayFixture
{
public:
    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
    };

    GatewayFixture(int bannerCount, airdisplay::GatewayOptions options = {}, airdisplay::FleetPolicy policy = {});
    ~GatewayFixture();

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    quint16 port() const { return m_gateway ? m_gateway->port() : 0; }
    QUrl url(const QString &path) const;
    QString token(airdisplay::Role role, qint64 bannerId = 0);
    // The SQLite file of the engine and the token table, for tests that open connections of their own.
    QString databasePath() const { return m_dir.filePath(QStringLiteral("gateway.db")); }
    airdisplay::FleetEngine &engine() { return *m_engine; }
    airdisplay::Gateway &gateway() { return *m_gateway; }

    Reply request(const QByteArray &method, const QString &path, const QString &token = {}, const QByteArray &body = {});

private:
    QTemporaryDir m_dir;
    QString m_error;
    std::unique_ptr<airdisplay::FleetEngine> m_engine;
    std::unique_ptr<airdisplay::Gateway> m_gateway;
    airdisplay::TokenStore m_tokens;
    QNetworkAccessManager m_network;
};

// A WebSocket client that keeps every frame it receives.
class WsClient : public QObject
{
    Q_OBJECT

public:
    explicit WsClient(QObject *parent = nullptr);
    bool open(const QUrl &url, int timeoutMs = 5000);
    void send(const QJsonObject &frame);
    void sendRaw(const QString &text);
    // Waits until a frame matching pred arrived (looking from `from`); returns its index or -1.
    int waitFor(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs = 5000, int from = 0);
    // auth, then wait for welcome; true on success.
    bool authenticate(const QString &token);
    QList<QJsonObject> frames;
    QWebSocket socket;
    int closeCode = -1;
    bool disconnected = false;
};

// Helpers every gateway test uses.
// A frame of this type (for WsClient::waitFor).
std::function<bool(const QJsonObject &)> ofType(const char *type);
// The answer (ack or error) to the frame with this correlation id.
std::function<bool(const QJsonObject &)> answerTo(const QString &id);
// A client frame: the fields, the type and (if not empty) a correlation id.
QJsonObject frame(const char *type, QJsonObject fields = {}, const QString &id = {});
QString wsUrl(GatewayFixture &f);
// Options whose rate limit never gets in a test's way.
airdisplay::GatewayOptions roomyOptions();
