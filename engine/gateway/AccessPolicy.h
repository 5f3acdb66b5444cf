#pragma once

#include "Operation.h"
#include "Principal.h"
#include "ProtocolError.h"
#include "Role.h"

namespace airdisplay {

// The authorisation matrix: which role may ask for which operation. One table, used by REST and
// WebSocket alike, so the two can never disagree.
class AccessPolicy
{
public:
    static bool allows(Role role, Operation operation);
    // allows(), and for a device that bannerId is the banner its token is bound to.
    static ProtocolError check(const Principal &principal, Operation operation, qint64 bannerId);
};

} // namespace airdisplay
