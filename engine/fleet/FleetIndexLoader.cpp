#include "FleetIndexLoader.h"

#include "BannerActor.h"
#include "BannerRowReader.h"
#include "BannerState.h"
#include "FleetIndex.h"
#include "FleetLogging.h"

namespace airdisplay {

StoreResult<FleetIndexLoader::Loaded> FleetIndexLoader::load(const StoreUrl &url, const StoreOptions &options,
                                                             FleetIndex &index, int pageSize)
{
    Loaded loaded;
    int undecodable = 0;
    const StoreStatus read = BannerRowReader::read(url, options, BannerActor::actorTypeName(), pageSize, [&](BannerRow &&row) {
        FleetIndexEntry e;
        e.id = row.id;
        e.callsign = row.callsign;
        if (row.state) {
            // No device is connected yet: the summary an activation would publish right now.
            if (const auto summary = BannerState::decodeSummary(*row.state, false)) {
                e.setSummary(*summary);
                ++loaded.summaries;
            } else {
                ++undecodable;
            }
        }
        if (row.telemetry) {
            e.setTelemetry(*row.telemetry);
            ++loaded.positions;
        }
        if (index.addEntry(std::move(e)))
            ++loaded.banners;
    });
    if (read.isError())
        return read;
    if (undecodable > 0)
        qCWarning(lcFleet) << undecodable << "banners have a stored state that is not a banner state;"
                           << "the index shows only their registry entry";
    return loaded;
}

} // namespace airdisplay
