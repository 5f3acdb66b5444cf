#pragma once

#include "Principal.h"
#include "StoreResult.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace airdisplay {

// What the REST handler reads of one HTTP request, copied out of QHttpServerRequest, which lives
// only while QHttpServer's handler runs and cannot be copied: a request is routed once its bearer
// token has been checked, off the gateway thread (TokenService), after that handler has returned.
// The accessors are named as QHttpServerRequest's.
class RestRequest
{
public:
    using Verified = StoreResult<std::optional<Principal>>;

    static RestRequest from(const QHttpServerRequest &request);

    QHttpServerRequest::Method method() const { return m_method; }
    const QUrl &url() const { return m_url; }
    QUrlQuery query() const { return QUrlQuery(m_url); }
    const QByteArray &body() const { return m_body; }
    // The first header of that name (case-insensitive); empty if there is none.
    QByteArray header(const QByteArray &name) const;
    // The token after "Bearer " in Authorization (perhaps empty); none if the header does not
    // start so.
    std::optional<QString> bearerToken() const;

    // The bearer token's check, once done: the token's principal, none (unknown or revoked), or
    // the error that kept it from being checked. Unset if the request carries no bearer token.
    const std::optional<Verified> &verified() const { return m_verified; }
    void setVerified(const Verified &verified) { m_verified = verified; }

private:
    QHttpServerRequest::Method m_method = QHttpServerRequest::Method::Unknown;
    QUrl m_url;
    QByteArray m_body;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    std::optional<Verified> m_verified;
};

} // namespace airdisplay
