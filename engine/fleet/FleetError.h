#pragma once

#include <QString>

namespace airdisplay {

// A domain error as a value: a stable machine-readable code (what clients switch on) and a
// human-readable message.
class FleetError
{
public:
    enum class Code {
        None,
        UnknownBanner,     // the banner id is not registered
        TextEmpty,         // nothing left after trimming
        TextTooLong,       // more characters than the policy allows, counted after NFC
        TextInvalid,       // control characters, unpaired surrogates, replacement characters
        TextBlocked,       // contains a blocked word
        QueueFull,         // the banner's queue is at its limit
        RequestConflict,   // the author reused a request id for a different text
        UnknownMessage,    // no such message on this banner (or it already left the queue)
        NotAuthor,         // only the author may cancel a message
        NotQueued,         // the message is no longer waiting (it is showing or has ended)
        NotHeld,           // a review decision on a message that is not held for review
        InvalidPosition,   // reorder to a position outside the queue
        InvalidArgument,   // a malformed request (bad id, empty author, ...)
        AlreadyRegistered, // registering a banner id that is in the fleet already
        Unavailable,       // the engine is not open or is shutting down
        StoreFailure,      // the change could not be committed; nothing was accepted
    };

    FleetError() = default;
    FleetError(Code code, QString message) : m_code(code), m_message(std::move(message)) {}

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    QString codeName() const { return codeName(m_code); }
    QString message() const { return m_message; }

    // snake_case names, e.g. "queue_full": part of the protocol, never renamed.
    static QString codeName(Code code);

private:
    Code m_code = Code::None;
    QString m_message;
};

} // namespace airdisplay
