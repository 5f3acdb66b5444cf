#pragma once

#include <QtGlobal>

namespace airdisplay {

// Totals since the store opened; they show how well group commit groups.
struct StoreCounters
{
    quint64 transactions = 0;     // committed (or attempted) group transactions
    quint64 batches = 0;          // batches answered
    quint64 failedBatches = 0;    // batches answered with an error
    quint64 conflicts = 0;        // of those, optimistic-concurrency conflicts
    quint64 retriedGroups = 0;    // groups re-run batch by batch, with a savepoint each, after a failure
    quint64 checkpoints = 0;      // SQLite: background checkpoints of the write-ahead log
    // SQLite's heap in this process (page caches, prepared statements; sqlite3_memory_used()): a
    // gauge, not a total. The page caches fill up to their cache_size as the database grows, so a
    // soak tells this growth from a leak by it.
    quint64 sqliteHeapBytes = 0;
};

} // namespace airdisplay
