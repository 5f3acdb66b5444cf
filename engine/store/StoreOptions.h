#pragma once

namespace airdisplay {

// Tuning of a Store; the defaults suit the console and the server.
struct StoreOptions
{
    // Batches committed in one transaction at most. 1 gives one transaction per batch (no grouping),
    // which the benchmark uses as its baseline.
    // Under load a group holds whatever queued while the previous one committed; the cap only
    // bounds memory and latency. Larger groups dirty each index page once for many batches.
    int maxGroupSize = 8192;
    // SQLite: how often a thread of the store's own copies the write-ahead log back into the
    // database (a PASSIVE checkpoint, only after commits). Small and frequent keeps each one short
    // and the log small; 0 leaves checkpoints to the writer, inside its commits, as SQLite does.
    int checkpointIntervalMs = 100;
    // How long a SQLite connection waits for a lock held by another connection before failing.
    int busyTimeoutMs = 10'000;
    // How long opening a PostgreSQL connection may take.
    int connectTimeoutSeconds = 10;
    // One engine writes a database at a time (WriterLock). False only where a test makes, on purpose,
    // the second writer the lock prevents (a conflicting change behind an engine's back).
    bool exclusiveWriter = true;
};

} // namespace airdisplay
