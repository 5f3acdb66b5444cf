#pragma once

#include "FleetSnapshot.h"
#include "GatewayCommand.h"
#include "Operation.h"
#include "HttpExchange.h"
#include "HttpReply.h"
#include "Principal.h"
#include "ProtocolError.h"
#include "RestRequest.h"
#include "WebAssetCache.h"

#include <QHttpServerRequest>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <optional>

namespace airdisplay {

struct GatewayContext;

// Every plain HTTP request: /api/v1 (REST), /healthz, /metrics and the web client at /. Answers are
// written through the request's HttpExchange, most of them once the engine has answered, so the
// gateway thread never waits. On the gateway thread.
class RestApi : public QObject
{
    Q_OBJECT

public:
    explicit RestApi(GatewayContext &context, QObject *parent = nullptr);

    void handle(const QHttpServerRequest &request, QTcpSocket *socket);

private:
    // One request's claim on its connection's answer, which reaches the wire in request order.
    using Socket = HttpExchange;

    // After the bearer token's check, if the request has one.
    void route(const RestRequest &request, const Socket &socket);
    void api(const RestRequest &request, const Socket &socket, const QStringList &segments);
    void listBanners(const RestRequest &request, const Socket &socket);
    void registerBanners(const RestRequest &request, const Socket &socket);
    void createTokens(const RestRequest &request, const Socket &socket);
    void getBanner(const Socket &socket, qint64 bannerId);
    void receipt(const Socket &socket, const Principal &principal, qint64 messageId);
    void events(const RestRequest &request, const Socket &socket);
    // A banner command, answered 201 with the submission for a new submit, else 200.
    void execute(const Socket &socket, const Principal &principal, const GatewayCommand &command);
    void metrics(const RestRequest &request, const Socket &socket);
    void staticFile(const RestRequest &request, const Socket &socket);

    // The request's principal, after authentication, the matrix and the rate limit; otherwise the
    // answer has been sent and std::nullopt is returned.
    std::optional<Principal> admit(const RestRequest &request, const Socket &socket, Operation operation,
                                   qint64 bannerId);
    std::optional<Principal> admit(const RestRequest &request, const Socket &socket, const BannerCommand &command,
                                   qint64 bannerId);
    std::optional<Principal> admit(const RestRequest &request, const Socket &socket,
                                   const std::function<ProtocolError(const Principal &)> &authorise);
    void json(const Socket &socket, int status, const QJsonObject &body, const HttpReply::Headers &headers = {});
    void error(const Socket &socket, const ProtocolError &error, const HttpReply::Headers &headers = {});

    GatewayContext &m_context;
    FleetSnapshot m_snapshot; // refreshed per listing: only changed entries are copied
    WebAssetCache m_assets;
};

} // namespace airdisplay
