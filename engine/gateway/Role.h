#pragma once

#include <QString>

#include <optional>

namespace airdisplay {

// Who a token speaks for. The names are part of the protocol and of the token table.
enum class Role : quint8 {
    Viewer,     // reads the fleet and its events
    Operator,   // a customer: submits and cancels its own messages
    Dispatcher, // runs the fleet: every queue operation, blank, pause, resume
    Device,     // a banner's device, bound to one banner
    Admin,      // everything a dispatcher may, plus the gateway's metrics
};

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
// A device token is bound to one banner (bannerId > 0), a token of any other role to none. Empty
// when role and bannerId agree; otherwise what is wrong, for the person who asked.
QString bindingProblem(Role role, qint64 bannerId);

} // namespace airdisplay
