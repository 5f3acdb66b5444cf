#include "GatewayServer.h"

#include "ClientSession.h"
#include "ConnectionGate.h"
#include "EventFanout.h"
#include "GatewayLogging.h"
#include "HttpExchange.h"
#include "HttpRequestFramer.h"
#include "RestApi.h"
#include "StoreUrl.h"
#include "TcpListener.h"
#include "WebSocketFrameGuard.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

#include <algorithm>

namespace airdisplay {

GatewayServer::GatewayServer(FleetEngine &engine, const GatewayOptions &options, GatewayMetrics &metrics)
    : m_options(options), m_decoder(options.protocol),
      m_tokens(this), // children, so that they move to the gateway thread with the server
      m_rateLimiter(options.ratePerSecond, options.rateBurst), m_pruneTimer(this)
{
    m_context.engine = &engine;
    m_context.options = &m_options;
    m_context.decoder = &m_decoder;
    m_context.tokens = &m_tokens;
    m_context.rateLimiter = &m_rateLimiter;
    m_context.metrics = &metrics;
}

GatewayServer::~GatewayServer() = default;

GatewayServer::Started GatewayServer::start()
{
    Started started;
    const StoreResult<StoreUrl> url = StoreUrl::parse(m_options.storeLocation);
    if (!url) {
        started.error = url.error().message();
        return started;
    }
    // Tokens revoked before now cannot authenticate any more: only later revocations are reported.
    if (const StoreStatus opened = m_tokens.open(url.value(), m_options.revocationPollMs); opened.isError()) {
        started.error = QStringLiteral("token store: %1").arg(opened.message());
        return started;
    }
    connect(&m_tokens, &TokenService::revoked, this, &GatewayServer::closeRevokedSessions);
    m_gate = new ConnectionGate(m_options, *m_context.metrics, this);
    // The gateway thread may fall further behind one shared list than one client's inbox before
    // it coalesces: every live subscriber is then owed states at once.
    m_fanout = new EventFanout(*m_context.engine, *m_context.metrics, 5 * m_options.maxPendingEvents, this);
    m_fanout->start();
    m_context.fanout = m_fanout;
    m_rest = new RestApi(m_context, this);
    m_http = new QHttpServer(this);
    // Qt 6.4 upgrades to WebSocket only for a request a route handled without writing anything.
    m_http->route(QStringLiteral("/ws"), [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        bool upgrade = false;
        bool key = false;
        bool version = false;
        for (const auto &[name, value] : request.headers()) {
            if (name.compare("upgrade", Qt::CaseInsensitive) == 0 && value.toLower().contains("websocket"))
                upgrade = true;
            else if (name.compare("sec-websocket-key", Qt::CaseInsensitive) == 0)
                key = HttpRequestFramer::isWebSocketKey(value);
            else if (name.compare("sec-websocket-version", Qt::CaseInsensitive) == 0)
                version = HttpRequestFramer::isWebSocketVersion(value);
        }
        // The same test as RequestGuard's: what it let through as a handshake is upgraded, and
        // everything else gets an HTTP answer here.
        if (upgrade && key && version && request.method() == QHttpServerRequest::Method::Get)
            return;
        m_context.metrics->httpRequests.fetch_add(1, std::memory_order_relaxed);
        m_context.metrics->httpErrors.fetch_add(1, std::memory_order_relaxed);
        const HttpExchange exchange = HttpExchange::begin(responder.socket());
        if (!upgrade)
            exchange.sendError({ProtocolError::Code::UpgradeRequired, QStringLiteral("/ws speaks WebSocket only.")},
                               {{"Upgrade", "websocket"}});
        else if (!version)
            exchange.sendError({ProtocolError::Code::UpgradeRequired, QStringLiteral("This server speaks WebSocket version 13.")},
                               {{"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}});
        else
            exchange.sendError({ProtocolError::Code::BadRequest,
                                QStringLiteral("A WebSocket handshake needs a Sec-WebSocket-Key of 16 bytes in base64"
                                               " (RFC 6455) and the GET method.")});
    });
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        m_rest->handle(request, responder.socket());
    });
    connect(m_http, &QHttpServer::newWebSocketConnection, this, &GatewayServer::onWebSocket);

    started.error = listen(started.port);
    if (!started.error.isEmpty())
        return started;
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] { m_rateLimiter.prune(QDateTime::currentMSecsSinceEpoch()); });
    m_pruneTimer.start(60'000);
    qCInfo(lcGateway) << "listening on" << m_options.address.toString() << started.port
                      << (m_options.tlsCertificatePath.isEmpty() ? "(plain)" : "(TLS)");
    return started;
}

QString GatewayServer::listen(quint16 &port)
{
    const bool tls = !m_options.tlsCertificatePath.isEmpty() || !m_options.tlsKeyPath.isEmpty();
    QTcpServer *server = nullptr;
    if (tls) {
        QFile certFile(m_options.tlsCertificatePath);
        QFile keyFile(m_options.tlsKeyPath);
        if (!certFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the TLS certificate %1").arg(m_options.tlsCertificatePath);
        if (!keyFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the TLS key %1").arg(m_options.tlsKeyPath);
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        QSslKey key(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
        if (key.isNull()) {
            keyFile.seek(0);
            key = QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
        }
        if (chain.isEmpty() || key.isNull())
            return QStringLiteral("the TLS certificate or key is not valid PEM");
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslServer::startedEncryptionHandshake, m_gate, [this](QSslSocket *socket) { m_gate->admit(socket, false); });
        server = ssl;
    } else {
        server = new TcpListener(*m_gate, this);
    }
    // Thousands of devices reconnect at once after a restart: Qt's default backlog of 50 drops them.
    server->setListenBacklogSize(1024);
    if (!server->listen(m_options.address, m_options.port)) {
        const QString error = QStringLiteral("cannot listen on %1:%2: %3")
                                  .arg(m_options.address.toString()).arg(m_options.port).arg(server->errorString());
        delete server;
        return error;
    }
    port = server->serverPort();
    m_http->bind(server);
    return {};
}

void GatewayServer::onWebSocket()
{
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            break;
        QAbstractSocket *wire = m_gate->socketFor(socket->peerAddress(), socket->peerPort());
        if (wire && !qobject_cast<QSslSocket *>(wire))
            WebSocketFrameGuard::attach(wire, m_options.maxWebSocketMessageBytes);
        new ClientSession(std::move(socket), wire, m_context, this);
    }
}

void GatewayServer::closeRevokedSessions(const QList<qint64> &tokenIds)
{
    const QSet<qint64> fresh(tokenIds.cbegin(), tokenIds.cend());
    int closed = 0;
    const QList<ClientSession *> sessions = findChildren<ClientSession *>(Qt::FindDirectChildrenOnly);
    for (ClientSession *s : sessions) {
        const std::optional<Principal> principal = s->principal();
        if (principal && fresh.contains(principal->tokenId)) {
            s->revoke();
            ++closed;
        }
    }
    qCInfo(lcGateway) << "tokens revoked:" << tokenIds << "- closed" << closed << "WebSocket sessions";
}

void GatewayServer::stop()
{
    m_pruneTimer.stop();
    const QList<ClientSession *> sessions = findChildren<ClientSession *>(Qt::FindDirectChildrenOnly);
    for (ClientSession *s : sessions)
        s->goAway();
    // Sessions unsubscribe and detach from the engine as they are destroyed, here and now.
    qDeleteAll(sessions);
    if (m_fanout)
        m_fanout->stop();
    delete m_http;
    m_http = nullptr;
    m_tokens.close();
}

} // namespace airdisplay
