#include "FleetSnapshot.h"

namespace airdisplay {

int FleetSnapshot::size() const
{
    int n = 0;
    for (const Shard &s : m_shards)
        n += int(s.entries.size());
    return n;
}

} // namespace airdisplay
