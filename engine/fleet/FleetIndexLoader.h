#pragma once

#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"

namespace airdisplay {

class FleetIndex;

// Fills the FleetIndex of an engine that opens a database, before any actor runs: each banner's
// registry entry, the summary of its last committed state (what it shows, its queue, whether it is
// paused) and its last stored telemetry. Without the summaries a restarted fleet would look empty
// on the map and in the gateway's banner list until each banner's actor happened to activate.
//
// The rows come from the store (BannerRowReader: one keyset-paged join on a connection of its own,
// opened and closed on the calling thread, the engine's open(), which the console runs on a
// worker). States are decoded only as far as their summary needs. Every banner loads as offline:
// no device is connected to an engine that is opening.
class FleetIndexLoader
{
public:
    struct Loaded
    {
        int banners = 0;
        int summaries = 0; // banners whose state decoded
        int positions = 0; // banners with telemetry
    };

    // pageSize: rows per query, bounding the memory one page holds.
    static StoreResult<Loaded> load(const StoreUrl &url, const StoreOptions &options, FleetIndex &index,
                                    int pageSize = 10'000);
};

} // namespace airdisplay
