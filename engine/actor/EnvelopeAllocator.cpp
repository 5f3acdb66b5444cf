#include "EnvelopeAllocator.h"

#include <QMutex>

#include <atomic>
#include <new>

namespace airdisplay {

namespace {

struct FreeBlock
{
    FreeBlock *next;
};

struct alignas(64) Pool
{
    FreeBlock *local = nullptr;              // owner thread only
    alignas(64) std::atomic<FreeBlock *> returned{nullptr}; // chains pushed by other threads
    Pool *nextReleased = nullptr;            // guarded by g_releasedMutex
};

// Each block is [header: its pool][object]; the header keeps the object 16-byte aligned.
struct alignas(EnvelopeAllocator::Alignment) Header
{
    Pool *pool;
};
constexpr std::size_t HeaderSize = sizeof(Header);
constexpr std::size_t Stride = HeaderSize + EnvelopeAllocator::BlockSize;
constexpr int SlabBlocks = 256;
constexpr int ReturnChainLength = 128;
constexpr int ReturnCacheEntries = 4;

QBasicMutex g_releasedMutex;
Pool *g_released = nullptr;

Header *headerOf(void *object)
{
    return reinterpret_cast<Header *>(static_cast<char *>(object) - HeaderSize);
}

// Plain thread_local data (no destructor, so it stays usable while other thread_locals are torn
// down); the guards below do the cleanup at thread exit.
thread_local Pool *t_pool = nullptr;

struct ReturnChain
{
    Pool *pool;
    FreeBlock *head;
    FreeBlock *tail;
    int length;
};
thread_local ReturnChain t_returns[ReturnCacheEntries] = {};

void pushChain(ReturnChain &chain)
{
    if (!chain.pool)
        return;
    FreeBlock *head = chain.pool->returned.load(std::memory_order_relaxed);
    do {
        chain.tail->next = head;
    } while (!chain.pool->returned.compare_exchange_weak(head, chain.head, std::memory_order_release,
                                                         std::memory_order_relaxed));
    chain = {};
}

struct ThreadGuard
{
    ~ThreadGuard()
    {
        for (ReturnChain &chain : t_returns)
            pushChain(chain);
        if (t_pool) {
            QMutexLocker lock(&g_releasedMutex);
            t_pool->nextReleased = g_released;
            g_released = t_pool;
            t_pool = nullptr;
        }
    }
};
thread_local ThreadGuard t_guard;

Pool *acquirePool()
{
    (void)&t_guard; // odr-use, so the guard exists for this thread
    {
        QMutexLocker lock(&g_releasedMutex);
        if (g_released) {
            t_pool = g_released;
            g_released = g_released->nextReleased;
            return t_pool;
        }
    }
    t_pool = new Pool();
    return t_pool;
}

FreeBlock *refill(Pool *pool)
{
    if (FreeBlock *chain = pool->returned.exchange(nullptr, std::memory_order_acquire))
        return chain;
    auto *slab = static_cast<char *>(::operator new(Stride * SlabBlocks, std::align_val_t(64)));
    FreeBlock *head = nullptr;
    for (int i = SlabBlocks - 1; i >= 0; --i) {
        char *block = slab + std::size_t(i) * Stride;
        reinterpret_cast<Header *>(block)->pool = pool;
        auto *node = reinterpret_cast<FreeBlock *>(block + HeaderSize);
        node->next = head;
        head = node;
    }
    return head; // slabs are never freed: pools keep their peak, like any allocator's free lists
}

} // namespace

void *EnvelopeAllocator::allocate(std::size_t size)
{
    if (size > BlockSize)
        return ::operator new(size);
    Pool *pool = t_pool ? t_pool : acquirePool();
    FreeBlock *block = pool->local;
    if (!block)
        block = refill(pool);
    pool->local = block->next;
    return block;
}

void EnvelopeAllocator::deallocate(void *object, std::size_t size) noexcept
{
    if (size > BlockSize) {
        ::operator delete(object);
        return;
    }
    Pool *pool = headerOf(object)->pool;
    auto *block = static_cast<FreeBlock *>(object);
    if (pool == t_pool) {
        block->next = pool->local;
        pool->local = block;
        return;
    }
    ReturnChain *slot = nullptr;
    for (ReturnChain &chain : t_returns) {
        if (chain.pool == pool) {
            slot = &chain;
            break;
        }
        if (!chain.pool && !slot)
            slot = &chain;
    }
    if (!slot) {
        slot = &t_returns[0];
        pushChain(*slot);
    }
    if (!slot->pool) {
        *slot = {pool, block, block, 1};
        block->next = nullptr;
    } else {
        block->next = slot->head;
        slot->head = block;
        ++slot->length;
    }
    if (slot->length >= ReturnChainLength)
        pushChain(*slot);
}

} // namespace airdisplay
