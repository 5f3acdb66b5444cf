#pragma once

#include "FleetIndexEntry.h"

#include <vector>

namespace airdisplay {

class FleetIndex;

// A reader's own copy of the FleetIndex, brought up to date by FleetIndex::refresh(), which copies
// only what changed since the last refresh. Not shared between threads: each reader keeps one.
class FleetSnapshot
{
public:
    int size() const;
    int shardCount() const { return int(m_shards.size()); }
    const std::vector<FleetIndexEntry> &shard(int index) const { return m_shards.at(index).entries; }
    // Entries the last refresh copied: what it cost.
    int lastCopied() const { return m_lastCopied; }

    template<typename Fn>
    void forEach(Fn &&fn) const
    {
        for (const Shard &s : m_shards) {
            for (const FleetIndexEntry &e : s.entries)
                fn(e);
        }
    }

private:
    friend class FleetIndex;
    struct Shard
    {
        quint64 version = 0;
        std::vector<FleetIndexEntry> entries;
    };
    std::vector<Shard> m_shards;
    int m_lastCopied = 0;
};

} // namespace airdisplay
