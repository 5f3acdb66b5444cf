#pragma once

#include "BannerCommand.h"
#include "Operation.h"
#include "Principal.h"
#include "ProtocolError.h"
#include "Role.h"

namespace airdisplay {

// The authorisation matrix: which role may ask for which operation, and issue which command (by
// the command's issuer, so a new command needs no row here). One table, used by REST and WebSocket
// alike, so the two can never disagree.
class AccessPolicy
{
public:
    static bool allows(Role role, Operation operation);
    static bool allows(Role role, CommandIssuer issuer);
    // allows(), and for a device that bannerId is the banner its token is bound to.
    static ProtocolError check(const Principal &principal, Operation operation, qint64 bannerId);
    static ProtocolError check(const Principal &principal, const BannerCommand &command, qint64 bannerId);

private:
    static ProtocolError check(const Principal &principal, bool allowed, const QString &what, qint64 bannerId);
};

} // namespace airdisplay
