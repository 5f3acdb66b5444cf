#include "FleetError.h"

namespace airdisplay {

QString FleetError::codeName(Code code)
{
    switch (code) {
    case Code::None: return QStringLiteral("ok");
    case Code::UnknownBanner: return QStringLiteral("unknown_banner");
    case Code::TextEmpty: return QStringLiteral("text_empty");
    case Code::TextTooLong: return QStringLiteral("text_too_long");
    case Code::TextInvalid: return QStringLiteral("text_invalid");
    case Code::TextBlocked: return QStringLiteral("text_blocked");
    case Code::QueueFull: return QStringLiteral("queue_full");
    case Code::RequestConflict: return QStringLiteral("request_conflict");
    case Code::UnknownMessage: return QStringLiteral("unknown_message");
    case Code::NotAuthor: return QStringLiteral("not_author");
    case Code::NotQueued: return QStringLiteral("not_queued");
    case Code::NotHeld: return QStringLiteral("not_held");
    case Code::InvalidPosition: return QStringLiteral("invalid_position");
    case Code::InvalidArgument: return QStringLiteral("invalid_argument");
    case Code::AlreadyRegistered: return QStringLiteral("already_registered");
    case Code::Unavailable: return QStringLiteral("unavailable");
    case Code::StoreFailure: return QStringLiteral("store_failure");
    }
    return QStringLiteral("unknown");
}

} // namespace airdisplay
