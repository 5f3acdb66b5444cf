#include "Error.h"

#include "EnumNames.h"

namespace airdisplay {

QString Error::codeName(Code code)
{
    return code == Code::None ? QString() : EnumNames::name(code);
}

int Error::httpStatus() const
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
    case Code::AlreadyAuthenticated:
    case Code::BadRequest:
    case Code::InvalidArgument: return 400;
    case Code::Unauthenticated:
    case Code::InvalidToken: return 401;
    case Code::Forbidden:
    case Code::WrongBanner:
    case Code::NotAuthor: return 403;
    case Code::NotFound:
    case Code::UnknownBanner:
    case Code::UnknownMessage: return 404;
    case Code::MethodNotAllowed: return 405;
    case Code::RequestTimeout: return 408;
    case Code::QueueFull:
    case Code::RequestConflict:
    case Code::NotQueued:
    case Code::NotHeld:
    case Code::AlreadyRegistered:
    case Code::Conflict: return 409;
    case Code::LengthRequired: return 411;
    case Code::TooLarge: return 413;
    case Code::TextEmpty:
    case Code::TextTooLong:
    case Code::TextInvalid:
    case Code::TextBlocked:
    case Code::InvalidPosition: return 422;
    case Code::UpgradeRequired: return 426;
    case Code::RateLimited: return 429;
    case Code::Internal:
    case Code::Database: return 500;
    case Code::TooManyConnections:
    case Code::Unavailable:
    case Code::StoreFailure:
    case Code::InUse:
    case Code::Closed: return 503;
    }
    return 500;
}

} // namespace airdisplay
