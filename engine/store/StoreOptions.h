#pragma once

namespace airdisplay {

// Tuning of a Store; the defaults suit the console and the server.
struct StoreOptions
{
    // Batches committed in one transaction at most. 1 gives one transaction per batch (no grouping),
    // which the benchmark uses as its baseline.
    int maxGroupSize = 2048;
    // How long a SQLite connection waits for a lock held by another connection before failing.
    int busyTimeoutMs = 10'000;
    // How long opening a PostgreSQL connection may take.
    int connectTimeoutSeconds = 10;
};

} // namespace airdisplay
