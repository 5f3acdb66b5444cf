#pragma once

#include <QString>

namespace airdisplay {

// A banner in the fleet registry.
struct BannerRecord
{
    qint64 id = 0;
    QString callsign; // unique across the fleet
    qint64 createdMs = 0;
};

} // namespace airdisplay
