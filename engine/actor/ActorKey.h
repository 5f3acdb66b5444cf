#pragma once

#include <QtGlobal>
#include <QHashFunctions>

namespace airdisplay {

using ActorId = quint64;
using ActorTypeId = quint16;

// The address of a virtual actor: its registered type and its id within that type.
// Ids are 64-bit integers rather than strings: a key is 16 bytes, hashes in a few instructions and
// costs nothing per resident actor, which matters at a million actors.
struct ActorKey
{
    ActorTypeId type = 0;
    ActorId id = 0;

    friend bool operator==(const ActorKey &, const ActorKey &) = default;
};

// splitmix64 finaliser: ids are often sequential, and both the worker placement and QHash need the
// low bits well mixed.
constexpr quint64 mixActorKey(const ActorKey &key) noexcept
{
    quint64 z = key.id ^ (quint64(key.type) << 48) ^ 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

inline size_t qHash(const ActorKey &key, size_t seed = 0) noexcept
{
    return size_t(mixActorKey(key)) ^ seed;
}

} // namespace airdisplay
