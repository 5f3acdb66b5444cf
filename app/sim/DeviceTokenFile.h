#pragma once

#include "DeviceCredential.h"

#include <QHash>
#include <QString>

#include <optional>

namespace airdisplay {

// The device tokens of a fleet, one `BANNER_ID TOKEN` per line ('#' starts a comment), as made by
//   for i in $(seq 1 N); do echo "$i $(airdisplayd token create --role device --banner $i)"; done
// The alternative to a file is an admin token, with which the simulator mints its own (FleetProvisioner).
class DeviceTokenFile
{
public:
    // The tokens by banner id, or nothing with `error` set.
    static std::optional<QHash<qint64, QString>> load(const QString &path, QString &error);
};

} // namespace airdisplay
