#pragma once

#include "BannerRow.h"
#include "StoreOptions.h"
#include "StoreResult.h"
#include "StoreUrl.h"

#include <functional>

namespace airdisplay {

// Reads every registered banner with its actor's state and its last telemetry, for an engine that
// is opening (FleetIndexLoader): one keyset-paged join of the registry, the actor states and the
// telemetry, on a connection of its own, opened and closed on the calling thread.
class BannerRowReader
{
public:
    // Calls each(row) for every banner, ascending by id, pageSize rows per query (bounding what one
    // page holds). actorType: the type the banners' actors store their state under (their ids are
    // the banner ids as text).
    static StoreStatus read(const StoreUrl &url, const StoreOptions &options, const QString &actorType, int pageSize,
                            const std::function<void(BannerRow &&row)> &each);
};

} // namespace airdisplay
