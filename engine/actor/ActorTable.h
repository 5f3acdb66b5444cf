#pragma once

#include "ActorKey.h"

#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace airdisplay {

// A worker's resident actors by key: open addressing with linear probing, 8 bytes a slot.
// Item is Actor in the runtime; anything with `ActorKey key() const` works (the tests use that).
//
// The key lives in the actor itself, so a slot holds only the actor's pointer with 16 bits of the
// key's hash folded into its unused top bits: a probe rarely touches an actor that is not the one
// sought, and the table costs 16 to 32 bytes per actor. Lookups can be prefetched, which lets the
// worker overlap the cache misses of a batch of messages instead of paying them one by one.
template <typename Item>
class ActorTable
{
public:
    ActorTable();

    Item *find(ActorKey key) const;
    void insert(Item *actor);      // the key must not be present
    bool remove(ActorKey key);
    void prefetch(ActorKey key) const;
    qsizetype size() const { return m_size; }

    template <typename Fn>
    void forEach(Fn &&fn) const
    {
        for (quint64 slot : m_slots)
            if (slot)
                fn(actorOf(slot));
    }

private:
    static constexpr int TagShift = 48;
    static constexpr quint64 PointerMask = (quint64(1) << TagShift) - 1;

    static Item *actorOf(quint64 slot) { return reinterpret_cast<Item *>(slot & PointerMask); }
    static quint64 tagOf(quint64 hash) { return (hash >> TagShift) | 1; } // never 0: 0 = empty
    size_t home(quint64 hash) const { return size_t(hash) & m_mask; }
    void grow();
    void place(quint64 hash, Item *actor);

    std::vector<quint64> m_slots;
    size_t m_mask;
    qsizetype m_size = 0;
};

template <typename Item>
ActorTable<Item>::ActorTable() : m_slots(64, 0), m_mask(63) {}

template <typename Item>
Item *ActorTable<Item>::find(ActorKey key) const
{
    const quint64 hash = mixActorKey(key);
    const quint64 tag = tagOf(hash) << TagShift;
    for (size_t i = home(hash);; i = (i + 1) & m_mask) {
        const quint64 slot = m_slots[i];
        if (!slot)
            return nullptr;
        if ((slot & ~PointerMask) == tag && actorOf(slot)->key() == key)
            return actorOf(slot);
    }
}

template <typename Item>
void ActorTable<Item>::prefetch(ActorKey key) const
{
    __builtin_prefetch(&m_slots[home(mixActorKey(key))]);
}

template <typename Item>
void ActorTable<Item>::place(quint64 hash, Item *actor)
{
    size_t i = home(hash);
    while (m_slots[i])
        i = (i + 1) & m_mask;
    m_slots[i] = (tagOf(hash) << TagShift) | reinterpret_cast<quint64>(actor);
}

template <typename Item>
void ActorTable<Item>::insert(Item *actor)
{
    Q_ASSERT((reinterpret_cast<quint64>(actor) & ~PointerMask) == 0);
    if (size_t(m_size + 1) * 2 > m_slots.size()) // load factor at most 1/2 keeps probes short
        grow();
    place(mixActorKey(actor->key()), actor);
    ++m_size;
}

template <typename Item>
void ActorTable<Item>::grow()
{
    std::vector<quint64> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    m_mask = m_slots.size() - 1;
    for (quint64 slot : old)
        if (slot)
            place(mixActorKey(actorOf(slot)->key()), actorOf(slot));
}

template <typename Item>
bool ActorTable<Item>::remove(ActorKey key)
{
    const quint64 hash = mixActorKey(key);
    const quint64 tag = tagOf(hash) << TagShift;
    size_t i = home(hash);
    for (;; i = (i + 1) & m_mask) {
        const quint64 slot = m_slots[i];
        if (!slot)
            return false;
        if ((slot & ~PointerMask) == tag && actorOf(slot)->key() == key)
            break;
    }
    // Backward-shift deletion: pull later members of the probe run into the hole, so lookups
    // never need tombstones.
    size_t hole = i;
    for (size_t j = (i + 1) & m_mask; m_slots[j]; j = (j + 1) & m_mask) {
        const size_t want = home(mixActorKey(actorOf(m_slots[j])->key()));
        // Move j into the hole when its home is not cyclically within (hole, j].
        const bool stays = hole <= j ? (hole < want && want <= j) : (hole < want || want <= j);
        if (!stays) {
            m_slots[hole] = m_slots[j];
            hole = j;
        }
    }
    m_slots[hole] = 0;
    --m_size;
    return true;
}

} // namespace airdisplay
