#pragma once

#include <QStringList>

class QTextStream;

namespace airdisplay {

// `airdisplayd token create --role R [--banner ID] [--label TEXT]`, `token list`,
// `token revoke ID`: manages the gateway's bearer tokens in the store's database. The daemon's
// main() hands over the arguments after "token" and the database it would open by default
// (--db among the arguments overrides it).
class TokenCommand
{
public:
    // Returns the process exit code: 0 done, 1 failed, 2 bad usage.
    static int run(const QStringList &arguments, const QString &storeLocation, QTextStream &out, QTextStream &err);
};

} // namespace airdisplay
