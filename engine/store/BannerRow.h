#pragma once

#include "TelemetryRecord.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace airdisplay {

// One registered banner as the database holds it: its registry entry, its actor's last committed
// state (the payload as stored: the fleet decodes it) and its last telemetry.
struct BannerRow
{
    qint64 id = 0;
    QString callsign;
    std::optional<QByteArray> state;         // none: the banner's actor never committed
    std::optional<TelemetryRecord> telemetry; // none: no position was ever stored
};

} // namespace airdisplay
