#include "RestApi.h"

#include "AccessPolicy.h"
#include "BannerState.h"
#include "FleetIndex.h"
#include "FleetEngine.h"
#include "GatewayContext.h"
#include "GatewayLogging.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"
#include "MetricsWriter.h"
#include "ProtocolDecoder.h"
#include "ProtocolEncoder.h"
#include "RateLimiter.h"
#include "TokenService.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>

#include <algorithm>

namespace airdisplay {

namespace {
using Code = ProtocolError::Code;
using Method = QHttpServerRequest::Method;

ProtocolError notFound()
{
    return {Code::NotFound, QStringLiteral("No such endpoint.")};
}
} // namespace

RestApi::RestApi(GatewayContext &context, QObject *parent) : QObject(parent), m_context(context) {}

void RestApi::json(const Socket &socket, int status, const QJsonObject &body, const HttpReply::Headers &headers)
{
    if (status >= 400)
        m_context.metrics->httpErrors.fetch_add(1, std::memory_order_relaxed);
    socket.sendJson(status, body, headers);
}

void RestApi::error(const Socket &socket, const ProtocolError &e, const HttpReply::Headers &headers)
{
    json(socket, e.httpStatus(), HttpReply::errorBody(e), headers);
}

void RestApi::handle(const QHttpServerRequest &raw, QTcpSocket *rawSocket)
{
    m_context.metrics->httpRequests.fetch_add(1, std::memory_order_relaxed);
    RestRequest request = RestRequest::from(raw);
    const Socket socket = HttpExchange::begin(rawSocket, HttpCompression::negotiate(request.header("Accept-Encoding")));
    const QString path = request.url().path();
    const bool mayNeedPrincipal = path == QLatin1String("/metrics") || path.startsWith(QLatin1String("/api/"));
    const std::optional<QString> token = mayNeedPrincipal ? request.bearerToken() : std::nullopt;
    if (!token) {
        route(request, socket);
        return;
    }
    // The token is checked on the token service's thread, never here: the gateway thread goes on
    // serving everyone else meanwhile. The answer keeps its place in the connection's order (the
    // exchange was claimed above).
    m_context.tokens->verify(*token).then(this, [this, request, socket](const TokenService::Verified &verified) mutable {
        request.setVerified(verified);
        route(request, socket);
    });
}

void RestApi::route(const RestRequest &request, const Socket &socket)
{
    const QString path = request.url().path();
    if (path == QLatin1String("/healthz")) {
        if (request.method() != Method::Get) {
            error(socket, {Code::MethodNotAllowed, QStringLiteral("Use GET.")}, {{"Allow", "GET"}});
            return;
        }
        const bool up = m_context.engine->isOpen();
        json(socket, up ? 200 : 503,
             {{QStringLiteral("status"), up ? QStringLiteral("ok") : QStringLiteral("unavailable")},
              {QStringLiteral("protocol"), ProtocolEncoder::kProtocolVersion}});
        return;
    }
    if (path == QLatin1String("/metrics")) {
        metrics(request, socket);
        return;
    }
    if (path == QLatin1String("/api/v1") || path.startsWith(QLatin1String("/api/v1/"))) {
        api(request, socket, path.mid(8).split(u'/', Qt::SkipEmptyParts));
        return;
    }
    if (path.startsWith(QLatin1String("/api/"))) {
        error(socket, {Code::NotFound, QStringLiteral("Unknown API version; this gateway speaks /api/v1.")});
        return;
    }
    staticFile(request, socket);
}

std::optional<Principal> RestApi::admit(const RestRequest &request, const Socket &socket, Operation operation,
                                        qint64 bannerId)
{
    return admit(request, socket, [&](const Principal &principal) {
        return AccessPolicy::check(principal, operation, principal.role == Role::Device ? principal.bannerId : bannerId);
    });
}

std::optional<Principal> RestApi::admit(const RestRequest &request, const Socket &socket, const BannerCommand &command,
                                        qint64 bannerId)
{
    return admit(request, socket, [&](const Principal &principal) {
        return AccessPolicy::check(principal, command, principal.role == Role::Device ? principal.bannerId : bannerId);
    });
}

std::optional<Principal> RestApi::admit(const RestRequest &request, const Socket &socket,
                                        const std::function<ProtocolError(const Principal &)> &authorise)
{
    if (!request.verified()) {
        error(socket, {Code::Unauthenticated, QStringLiteral("Send \"Authorization: Bearer <token>\".")},
              {{"WWW-Authenticate", "Bearer"}});
        return std::nullopt;
    }
    const RestRequest::Verified &verified = *request.verified();
    if (!verified) {
        qCWarning(lcGateway) << "token check failed:" << verified.error().message();
        error(socket, {Code::Internal, QStringLiteral("The token could not be checked; retry later.")});
        return std::nullopt;
    }
    if (!verified.value()) {
        m_context.metrics->authFailures.fetch_add(1, std::memory_order_relaxed);
        error(socket, {Code::InvalidToken, QStringLiteral("The token is unknown or revoked.")}, {{"WWW-Authenticate", "Bearer"}});
        return std::nullopt;
    }
    const Principal principal = *verified.value();
    const ProtocolError denied = authorise(principal);
    if (denied.isError()) {
        error(socket, denied);
        return std::nullopt;
    }
    if (!m_context.rateLimiter->tryAcquire(principal.tokenId, QDateTime::currentMSecsSinceEpoch())) {
        m_context.metrics->rateLimited.fetch_add(1, std::memory_order_relaxed);
        error(socket, {Code::RateLimited, QStringLiteral("Rate limit of this token reached; slow down.")}, {{"Retry-After", "1"}});
        return std::nullopt;
    }
    return principal;
}

void RestApi::api(const RestRequest &request, const Socket &socket, const QStringList &s)
{
    const Method method = request.method();
    auto wrongMethod = [&](const QByteArray &allow) {
        error(socket, {Code::MethodNotAllowed, QStringLiteral("Use %1.").arg(QLatin1String(allow))}, {{"Allow", allow}});
    };
    const ProtocolDecoder &decoder = *m_context.decoder;

    if (s.size() == 1 && s[0] == QLatin1String("banners")) {
        if (method == Method::Post)
            return registerBanners(request, socket);
        if (method != Method::Get)
            return wrongMethod("GET, POST");
        return listBanners(request, socket);
    }
    if (s.size() == 1 && s[0] == QLatin1String("tokens")) {
        if (method != Method::Post)
            return wrongMethod("POST");
        return createTokens(request, socket);
    }
    if (s.size() == 1 && s[0] == QLatin1String("events")) {
        if (method != Method::Get)
            return wrongMethod("GET");
        return events(request, socket);
    }
    if (s.size() == 2 && s[0] == QLatin1String("messages")) {
        const std::optional<qint64> messageId = ProtocolDecoder::parseMessageId(s[1]);
        if (!messageId)
            return error(socket, {Code::NotFound, QStringLiteral("\"%1\" is not a message id.").arg(s[1].left(32))});
        if (method != Method::Get)
            return wrongMethod("GET");
        if (auto p = admit(request, socket, Operation::GetReceipt, 0))
            receipt(socket, *p, *messageId);
        return;
    }
    if (s.size() < 2 || s[0] != QLatin1String("banners"))
        return error(socket, notFound());

    const std::optional<qint64> bannerId = ProtocolDecoder::parseBannerId(s[1]);
    if (!bannerId)
        return error(socket, {Code::NotFound, QStringLiteral("\"%1\" is not a banner id.").arg(s[1].left(32))});

    if (s.size() == 2) {
        if (method != Method::Get)
            return wrongMethod("GET");
        if (admit(request, socket, Operation::GetBanner, *bannerId))
            getBanner(socket, *bannerId);
        return;
    }
    // Banner commands: POST .../messages submits, DELETE .../messages/{mid} cancels, and every
    // other command is POST .../{name} or POST .../messages/{mid}/{name}, found by its name.
    std::optional<qint64> messageId;
    std::optional<BannerCommand> command;
    if (s.size() == 3 && s[2] == QLatin1String("messages")) {
        if (method != Method::Post)
            return wrongMethod("POST");
        command = command::Submit{};
    } else if (s.size() == 3) {
        command = commandFromName(s[2]);
        if (!command || !isRestAction(*command) || commandTarget(*command) != CommandTarget::Banner)
            return error(socket, notFound());
        if (method != Method::Post)
            return wrongMethod("POST");
    } else {
        if (s[2] != QLatin1String("messages") || s.size() > 5)
            return error(socket, notFound());
        messageId = ProtocolDecoder::parseMessageId(s[3]);
        if (!messageId || BannerState::bannerOfMessage(*messageId) != *bannerId)
            return error(socket, FleetError(FleetError::Code::UnknownMessage,
                                                                      QStringLiteral("Banner %1 has no message %2.").arg(*bannerId).arg(s[3].left(32))));
        if (s.size() == 4) {
            if (method != Method::Delete)
                return wrongMethod("DELETE");
            command = command::Cancel{};
        } else {
            command = commandFromName(s[4]);
            if (!command || !isRestAction(*command) || commandTarget(*command) != CommandTarget::Message)
                return error(socket, notFound());
            if (method != Method::Post)
                return wrongMethod("POST");
        }
    }
    // Authorised before the body is read: a stranger learns nothing from its validation.
    const std::optional<Principal> p = admit(request, socket, *command, *bannerId);
    if (!p)
        return;
    const auto decoded = decoder.decodeRestCommand(std::move(*command), request.body(), *bannerId, messageId.value_or(0));
    if (!decoded.ok())
        return error(socket, decoded.error);
    execute(socket, *p, decoded.value);
}

void RestApi::execute(const Socket &socket, const Principal &principal, const GatewayCommand &c)
{
    const bool submission = std::holds_alternative<command::Submit>(c.command);
    m_context.engine->execute(c.bannerId, c.command, principal.author())
        .then(this, [this, socket, submission](const FleetResult &r) {
            if (!r.ok())
                return error(socket, r.error);
            if (submission) {
                if (!r.duplicate)
                    m_context.metrics->submissionsAccepted.fetch_add(1, std::memory_order_relaxed);
                // A retry gets the first answer, but it created nothing.
                return json(socket, r.duplicate ? 200 : 201, ProtocolEncoder::submission(r));
            }
            json(socket, 200, {{QStringLiteral("ok"), true}});
        });
}

void RestApi::listBanners(const RestRequest &request, const Socket &socket)
{
    if (!admit(request, socket, Operation::ListBanners, 0))
        return;
    const auto query = m_context.decoder->decodeBannerQuery(request.query());
    if (!query.ok())
        return error(socket, query.error);
    const ProtocolDecoder::BannerQuery &q = query.value;
    m_context.engine->fleetIndex().refresh(m_snapshot);
    // The index is sharded by hash, not sorted: keep the `limit` smallest matching ids above the
    // cursor, a partial sort of the matches.
    std::vector<const FleetIndexEntry *> matches;
    m_snapshot.forEach([&](const FleetIndexEntry &e) {
        if (e.id <= q.afterId)
            return;
        if (!q.statuses.isEmpty() && !q.statuses.contains(e.status))
            return;
        if (q.box && !(e.hasPosition && q.box->contains(e.latitude, e.longitude)))
            return;
        matches.push_back(&e);
    });
    const size_t n = std::min(matches.size(), size_t(q.limit));
    std::partial_sort(matches.begin(), matches.begin() + qsizetype(n), matches.end(),
                      [](const FleetIndexEntry *a, const FleetIndexEntry *b) { return a->id < b->id; });
    QJsonArray banners;
    for (size_t i = 0; i < n; ++i)
        banners.append(ProtocolEncoder::banner(*matches[i]));
    QJsonObject body{{QStringLiteral("banners"), banners}};
    body.insert(QStringLiteral("next"), matches.size() > n ? QJsonValue(double(matches[n - 1]->id)) : QJsonValue(QJsonValue::Null));
    json(socket, 200, body);
}

void RestApi::registerBanners(const RestRequest &request, const Socket &socket)
{
    if (!admit(request, socket, Operation::RegisterBanners, 0))
        return;
    const auto decoded = m_context.decoder->decodeBannersBody(request.body());
    if (!decoded.ok())
        return error(socket, decoded.error);
    // The engine registers all or nothing: leave out the banners it has already, so that a
    // provisioning run can be repeated and only adds what is missing.
    const FleetIndex &index = m_context.engine->fleetIndex();
    QList<BannerRecord> fresh;
    for (const BannerRecord &b : decoded.value) {
        if (!index.contains(b.id))
            fresh.append(b);
    }
    const qsizetype existing = decoded.value.size() - fresh.size();
    const qsizetype registered = fresh.size();
    m_context.engine->registerBanners(fresh).then(this, [this, socket, registered, existing](const FleetResult &r) {
        if (!r.ok())
            return error(socket, r.error);
        json(socket, registered > 0 ? 201 : 200,
             {{QStringLiteral("registered"), double(registered)}, {QStringLiteral("existing"), double(existing)}});
    });
}

void RestApi::createTokens(const RestRequest &request, const Socket &socket)
{
    if (!admit(request, socket, Operation::CreateTokens, 0))
        return;
    const auto decoded = m_context.decoder->decodeTokensBody(request.body());
    if (!decoded.ok())
        return error(socket, decoded.error);
    const ProtocolDecoder::TokenRequest &r = decoded.value;
    // A device token for a banner the fleet does not know could never say hello.
    const FleetIndex &index = m_context.engine->fleetIndex();
    for (qint64 bannerId : r.bannerIds) {
        if (!index.contains(bannerId))
            return error(socket, FleetError(FleetError::Code::UnknownBanner,
                                                                      QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    }
    // Written on the token service's thread: a write may wait for the database, the gateway must not.
    const Reply<TokenService::CreatedTokens> made = r.role == Role::Device
                                                        ? m_context.tokens->createDeviceTokens(r.bannerIds, r.label)
                                                        : m_context.tokens->create(r.role, 0, r.label);
    made.then(this, [this, socket, role = r.role, bannerIds = r.bannerIds](const TokenService::CreatedTokens &created) {
        if (!created) {
            qCWarning(lcGateway) << "tokens could not be created:" << created.error().message();
            return error(socket, {Code::Internal, QStringLiteral("The tokens could not be created; retry later.")});
        }
        QJsonArray tokens;
        for (qsizetype i = 0; i < created.value().size(); ++i) {
            const TokenStore::Created &c = created.value().at(i);
            QJsonObject entry{{QStringLiteral("id"), double(c.id)}, {QStringLiteral("token"), c.token}};
            if (role == Role::Device)
                entry.insert(QStringLiteral("bannerId"), double(bannerIds.at(i)));
            tokens.append(entry);
        }
        qCInfo(lcGateway) << "created" << tokens.size() << roleName(role) << "tokens";
        json(socket, 201, {{QStringLiteral("tokens"), tokens}});
    });
}

void RestApi::getBanner(const Socket &socket, qint64 bannerId)
{
    const std::optional<FleetIndexEntry> entry = m_context.engine->fleetIndex().find(bannerId);
    if (!entry)
        return error(socket, FleetError(FleetError::Code::UnknownBanner,
                                                                  QStringLiteral("Banner %1 is not registered.").arg(bannerId)));
    m_context.engine->bannerState(bannerId).then(this, [this, socket, entry](const std::optional<BannerState> &state) {
        if (!state)
            return error(socket, FleetError(FleetError::Code::UnknownBanner,
                                                                      QStringLiteral("Banner %1 is not registered.").arg(entry->id)));
        json(socket, 200, {{QStringLiteral("banner"), ProtocolEncoder::bannerWithQueue(*entry, *state)}});
    });
}

void RestApi::receipt(const Socket &socket, const Principal &principal, qint64 messageId)
{
    Q_UNUSED(principal)
    m_context.engine->receipt(messageId).then(this, [this, socket, messageId](const StoreResult<std::optional<MessageRecord>> &r) {
        if (!r) {
            qCWarning(lcGateway) << "receipt" << messageId << "could not be read:" << r.error().message();
            return error(socket, FleetError(FleetError::Code::StoreFailure, r.error().message(), r.error()));
        }
        if (!r.value())
            return error(socket, FleetError(FleetError::Code::UnknownMessage,
                                                                      QStringLiteral("There is no message %1.").arg(messageId)));
        json(socket, 200, {{QStringLiteral("message"), ProtocolEncoder::receipt(*r.value())}});
    });
}

void RestApi::events(const RestRequest &request, const Socket &socket)
{
    if (!admit(request, socket, Operation::ReadEvents, 0))
        return;
    const auto query = m_context.decoder->decodeEventQuery(request.query());
    if (!query.ok())
        return error(socket, query.error);
    const qint64 after = query.value.afterSeq;
    m_context.engine->eventsSince(after, query.value.limit, query.value.banners)
        .then(this, [this, socket, after](const StoreResult<QList<EventRecord>> &page) {
            if (!page)
                return error(socket, FleetError(FleetError::Code::StoreFailure, page.error().message(), page.error()));
            QJsonArray events;
            for (const EventRecord &e : page.value())
                events.append(ProtocolEncoder::event(e));
            const double last = page->isEmpty() ? double(after) : double(page->last().globalSeq);
            json(socket, 200, {{QStringLiteral("events"), events}, {QStringLiteral("lastSeq"), last}});
        });
}

void RestApi::metrics(const RestRequest &request, const Socket &socket)
{
    if (request.method() != Method::Get)
        return error(socket, {Code::MethodNotAllowed, QStringLiteral("Use GET.")}, {{"Allow", "GET"}});
    if (!admit(request, socket, Operation::ReadMetrics, 0))
        return;
    socket.send(200, "text/plain; version=0.0.4; charset=utf-8",
                MetricsWriter::write(m_context.engine->metrics(), *m_context.metrics));
}

void RestApi::staticFile(const RestRequest &request, const Socket &socket)
{
    // The web client is compiled in from resources/web/ when that folder exists.
    QString path = QDir::cleanPath(request.url().path());
    if (path.isEmpty() || path == QLatin1String("/"))
        path = QStringLiteral("/index.html");
    const WebAssetCache::Asset *asset = m_assets.find(path);
    if (!asset)
        return error(socket, notFound());
    if (request.method() != Method::Get)
        return error(socket, {Code::MethodNotAllowed, QStringLiteral("Use GET.")}, {{"Allow", "GET"}});
    const HttpCompression::Coding coding = asset->codingFor(HttpCompression::negotiate(request.header("Accept-Encoding")));
    HttpReply::Headers headers;
    if (asset->compressible)
        headers.emplaceBack("Vary", "Accept-Encoding");
    if (coding != HttpCompression::Coding::Identity)
        headers.emplaceBack("Content-Encoding", HttpCompression::name(coding));
    socket.sendAsIs(200, asset->contentType, asset->body(coding), headers);
}

} // namespace airdisplay
