#pragma once

#include "FleetError.h"

#include <QString>

namespace airdisplay {

// An error as the gateway reports it: a stable snake_case code (what clients switch on), a
// human-readable message, and the HTTP status a REST answer carries. Domain errors keep the
// engine's own code names, so a client sees "queue_full" whether it used REST or WebSocket.
class ProtocolError
{
public:
    enum class Code {
        None,
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
        NotFound,             // no such endpoint or resource
        MethodNotAllowed,     // the endpoint exists, not with this method
        LengthRequired,       // a body without Content-Length (chunked uploads are refused)
        UpgradeRequired,      // /ws without a WebSocket upgrade
        BadRequest,           // HTTP framing or a WebSocket handshake that breaks its RFC
        RequestTimeout,       // a request not read whole within the request timeout
        Internal,             // the gateway failed; the request may be retried
        Domain,               // the engine refused it: see domainCode()
    };

    ProtocolError() = default;
    ProtocolError(Code code, QString message) : m_code(code), m_message(std::move(message)) {}
    static ProtocolError fromDomain(const FleetError &error);

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    FleetError::Code domainCode() const { return m_domain; }
    QString message() const { return m_message; }
    QString codeName() const;
    int httpStatus() const;

    static QString codeName(Code code);

private:
    Code m_code = Code::None;
    FleetError::Code m_domain = FleetError::Code::None;
    QString m_message;
};

} // namespace airdisplay
