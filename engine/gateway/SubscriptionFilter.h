#pragma once

#include "GeoBox.h"

#include <QSet>

#include <optional>

namespace airdisplay {

// What a WebSocket subscriber wants: every banner, a set of ids, or those inside a box; live from
// now on, or from after a global sequence number (reconnect without a gap).
struct SubscriptionFilter
{
    QSet<qint64> banners;        // empty: every banner
    std::optional<GeoBox> box;   // only banners whose last known position is inside
    std::optional<qint64> afterSeq;
    bool batch = false;          // events in "events" frames, many per frame
};

} // namespace airdisplay
