#include "ProtocolError.h"

namespace airdisplay {

ProtocolError ProtocolError::fromDomain(const FleetError &error)
{
    ProtocolError e(Code::Domain, error.message());
    e.m_domain = error.code();
    return e;
}

QString ProtocolError::codeName() const
{
    return m_code == Code::Domain ? FleetError::codeName(m_domain) : codeName(m_code);
}

QString ProtocolError::codeName(Code code)
{
    switch (code) {
    case Code::None: return QString();
    case Code::InvalidJson: return QStringLiteral("invalid_json");
    case Code::InvalidUtf8: return QStringLiteral("invalid_utf8");
    case Code::NotAnObject: return QStringLiteral("not_an_object");
    case Code::UnknownType: return QStringLiteral("unknown_type");
    case Code::MissingField: return QStringLiteral("missing_field");
    case Code::WrongType: return QStringLiteral("wrong_type");
    case Code::OutOfRange: return QStringLiteral("out_of_range");
    case Code::TooLarge: return QStringLiteral("too_large");
    case Code::BinaryFrame: return QStringLiteral("binary_frame");
    case Code::Unauthenticated: return QStringLiteral("unauthenticated");
    case Code::InvalidToken: return QStringLiteral("invalid_token");
    case Code::AlreadyAuthenticated: return QStringLiteral("already_authenticated");
    case Code::Forbidden: return QStringLiteral("forbidden");
    case Code::WrongBanner: return QStringLiteral("wrong_banner");
    case Code::RateLimited: return QStringLiteral("rate_limited");
    case Code::TooManyConnections: return QStringLiteral("too_many_connections");
    case Code::NotFound: return QStringLiteral("not_found");
    case Code::MethodNotAllowed: return QStringLiteral("method_not_allowed");
    case Code::LengthRequired: return QStringLiteral("length_required");
    case Code::UpgradeRequired: return QStringLiteral("upgrade_required");
    case Code::BadRequest: return QStringLiteral("bad_request");
    case Code::RequestTimeout: return QStringLiteral("request_timeout");
    case Code::Internal: return QStringLiteral("internal");
    case Code::Domain: return QStringLiteral("domain");
    }
    return QStringLiteral("internal");
}

int ProtocolError::httpStatus() const
{
    switch (m_code) {
    case Code::None: return 200;
    case Code::InvalidJson:
    case Code::InvalidUtf8:
    case Code::NotAnObject:
    case Code::UnknownType:
    case Code::MissingField:
    case Code::WrongType:
    case Code::OutOfRange:
    case Code::BinaryFrame:
    case Code::AlreadyAuthenticated: return 400;
    case Code::Unauthenticated:
    case Code::InvalidToken: return 401;
    case Code::Forbidden:
    case Code::WrongBanner: return 403;
    case Code::NotFound: return 404;
    case Code::MethodNotAllowed: return 405;
    case Code::LengthRequired: return 411;
    case Code::TooLarge: return 413;
    case Code::UpgradeRequired: return 426;
    case Code::BadRequest: return 400;
    case Code::RequestTimeout: return 408;
    case Code::RateLimited: return 429;
    case Code::Internal: return 500;
    case Code::TooManyConnections: return 503;
    case Code::Domain: break;
    }
    switch (m_domain) {
    case FleetError::Code::None: return 200;
    case FleetError::Code::UnknownBanner:
    case FleetError::Code::UnknownMessage: return 404;
    case FleetError::Code::NotAuthor: return 403;
    case FleetError::Code::QueueFull:
    case FleetError::Code::RequestConflict:
    case FleetError::Code::NotQueued:
    case FleetError::Code::NotHeld:
    case FleetError::Code::AlreadyRegistered: return 409;
    case FleetError::Code::TextEmpty:
    case FleetError::Code::TextTooLong:
    case FleetError::Code::TextInvalid:
    case FleetError::Code::TextBlocked:
    case FleetError::Code::InvalidPosition: return 422;
    case FleetError::Code::InvalidArgument: return 400;
    case FleetError::Code::Unavailable:
    case FleetError::Code::StoreFailure: return 503;
    }
    return 500;
}

} // namespace airdisplay
