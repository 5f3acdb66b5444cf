#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace airdisplay {

// The one error of the engine, store, fleet and gateway alike, as a value: a stable code (what
// callers and clients switch on, named in snake_case from the enum's keys: QueueFull is
// "queue_full" on the wire), a message a person can act on, and the error that caused it, if
// another layer's failure is why (a fleet StoreFailure carries the store's Database error).
// Threads answer through callbacks and replies, so an exception would have nowhere to go.
class Error
{
    Q_GADGET

public:
    enum class Code {
        None,
        // The store.
        Conflict,        // optimistic concurrency: the expected version or sequence was taken
        NotFound,        // a row the operation needs does not exist; no such endpoint or resource
        InvalidArgument, // the caller's input cannot be used (bad URL, empty key, bad id, ...)
        Closed,          // the store is not open
        Database,        // the database reported an error (I/O, connection, constraint, ...)
        InUse,           // another engine writes this database (WriterLock): one writer at a time
        // The fleet: a command the domain refused.
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
        AlreadyRegistered, // registering a banner id that is in the fleet already
        Unavailable,       // the engine is not open or is shutting down
        StoreFailure,      // the change could not be committed; nothing was accepted
        // The gateway: the protocol and HTTP.
        InvalidJson,          // not parseable as JSON
        InvalidUtf8,          // bytes that are not UTF-8
        NotAnObject,          // JSON, but not an object
        UnknownType,          // a frame type (or an operation) the protocol does not have
        MissingField,         // a required field is absent
        WrongType,            // a field has the wrong JSON type
        OutOfRange,           // a number outside its range, or not an integer where one is needed
        TooLarge,             // a frame, body or header block above its limit
        BinaryFrame,          // a WebSocket binary frame: the protocol is JSON text
        Unauthenticated,      // no token, or a frame before "auth"
        InvalidToken,         // the token is unknown or revoked
        AlreadyAuthenticated, // a second "auth" on one connection
        Forbidden,            // the role may not do this
        WrongBanner,          // a device spoke for a banner it is not bound to
        RateLimited,          // the token's rate limit is spent
        TooManyConnections,   // the gateway is at its connection limit
        MethodNotAllowed,     // the endpoint exists, not with this method
        LengthRequired,       // a body without Content-Length (chunked uploads are refused)
        UpgradeRequired,      // /ws without a WebSocket upgrade
        BadRequest,           // HTTP framing or a WebSocket handshake that breaks its RFC
        RequestTimeout,       // a request not read whole within the request timeout
        Internal,             // the gateway failed; the request may be retried
    };
    Q_ENUM(Code)

    Error() = default;
    Error(Code code, QString message) : m_code(code), m_message(std::move(message)) {}
    Error(Code code, QString message, const Error &cause)
        : m_code(code), m_message(std::move(message)), m_cause(std::make_shared<const Error>(cause))
    {
    }

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    QString message() const { return m_message; }
    // The error one layer down that this one reports, if any.
    const Error *cause() const { return m_cause.get(); }
    // "queue_full"; the empty string for None.
    QString codeName() const { return codeName(m_code); }
    static QString codeName(Code code);
    // The HTTP status a REST answer with this error carries.
    int httpStatus() const;

private:
    Code m_code = Code::None;
    QString m_message;
    std::shared_ptr<const Error> m_cause;
};

} // namespace airdisplay
