#pragma once

#include "Role.h"

#include <QString>

namespace airdisplay {

// The holder of a verified token: what every request and frame is authorised against.
struct Principal
{
    qint64 tokenId = 0;
    Role role = Role::Viewer;
    qint64 bannerId = 0; // a device's banner; 0 for every other role
    QString label;

    // The author of messages this principal submits: stable per token, so idempotent retries
    // and "only the author may cancel" hold across reconnects.
    QString author() const { return QStringLiteral("token:%1").arg(tokenId); }
};

} // namespace airdisplay
