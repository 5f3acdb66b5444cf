#pragma once

#include <cstddef>

namespace airdisplay {

// Memory for envelopes, recycled between the threads that send and the workers that consume.
//
// With the general-purpose allocator, each message is malloc'd on the sender and freed on a worker,
// and the two threads fight over the sender's arena: that alone halved the throughput of the runtime.
// Here every thread that sends owns a pool of fixed-size blocks. A worker returns finished blocks to
// their pool in chains (one atomic exchange per chain, not per message), and a sender takes the whole
// returned chain when its local list runs dry. Pools outlive their threads (a new thread adopts a
// released pool), so a block still in flight never points to freed memory. Envelopes larger than a
// block use operator new.
class EnvelopeAllocator
{
public:
    static constexpr std::size_t BlockSize = 128;
    static constexpr std::size_t Alignment = 16;

    static void *allocate(std::size_t size);
    static void deallocate(void *object, std::size_t size) noexcept;
};

} // namespace airdisplay
