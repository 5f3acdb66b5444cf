#include "FleetIndex.h"

namespace airdisplay {

FleetIndex::FleetIndex() = default;

int FleetIndex::shardOf(qint64 id)
{
    // Ids are mostly sequential: mix them so every shard gets its share.
    quint64 z = quint64(id) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return int((z ^ (z >> 31)) % kShards);
}

bool FleetIndex::addBanner(qint64 id, const QString &callsign)
{
    FleetIndexEntry e;
    e.id = id;
    e.callsign = callsign;
    return addEntry(std::move(e));
}

bool FleetIndex::addEntry(FleetIndexEntry entry)
{
    Shard &s = m_shards[shardOf(entry.id)];
    QWriteLocker locker(&s.lock);
    if (s.slotOf.contains(entry.id))
        return false;
    s.slotOf.insert(entry.id, int(s.entries.size()));
    s.entries.push_back(std::move(entry));
    s.changedAt.push_back(++s.version);
    m_size.fetch_add(1, std::memory_order_relaxed);
    return true;
}

bool FleetIndex::contains(qint64 id) const
{
    const Shard &s = m_shards[shardOf(id)];
    QReadLocker locker(&s.lock);
    return s.slotOf.contains(id);
}

template<typename Fn>
void FleetIndex::modify(qint64 id, Fn &&fn)
{
    Shard &s = m_shards[shardOf(id)];
    QWriteLocker locker(&s.lock);
    const auto it = s.slotOf.constFind(id);
    if (it == s.slotOf.cend())
        return;
    fn(s.entries[*it]);
    s.changedAt[*it] = ++s.version;
}

void FleetIndex::updateSummary(qint64 id, const BannerSummary &summary)
{
    modify(id, [&](FleetIndexEntry &e) { e.setSummary(summary); });
}

void FleetIndex::updateTelemetry(const TelemetryRecord &t)
{
    modify(t.bannerId, [&](FleetIndexEntry &e) { e.setTelemetry(t); });
}

void FleetIndex::markSeen(qint64 id, qint64 atMs)
{
    modify(id, [&](FleetIndexEntry &e) { e.lastSeenMs = qMax(e.lastSeenMs, atMs); });
}

std::optional<FleetIndexEntry> FleetIndex::find(qint64 id) const
{
    const Shard &s = m_shards[shardOf(id)];
    QReadLocker locker(&s.lock);
    const auto it = s.slotOf.constFind(id);
    if (it == s.slotOf.cend())
        return std::nullopt;
    return s.entries[*it];
}

void FleetIndex::refresh(FleetSnapshot &snapshot) const
{
    if (snapshot.m_shards.size() != size_t(kShards))
        snapshot.m_shards.resize(kShards);
    int copied = 0;
    for (int i = 0; i < kShards; ++i) {
        const Shard &s = m_shards[i];
        FleetSnapshot::Shard &mine = snapshot.m_shards[i];
        QReadLocker locker(&s.lock);
        if (mine.version == s.version)
            continue;
        // Entries are only ever appended, so slots keep their meaning between refreshes.
        mine.entries.resize(s.entries.size());
        const size_t n = s.entries.size();
        for (size_t k = 0; k < n; ++k) {
            if (s.changedAt[k] > mine.version) {
                mine.entries[k] = s.entries[k];
                ++copied;
            }
        }
        mine.version = s.version;
    }
    snapshot.m_lastCopied = copied;
}

FleetSnapshot FleetIndex::snapshot() const
{
    FleetSnapshot snapshot;
    refresh(snapshot);
    return snapshot;
}

} // namespace airdisplay
