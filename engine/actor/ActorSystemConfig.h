#pragma once

#include <chrono>

namespace airdisplay {

struct ActorSystemConfig
{
    // Worker threads; 0 = one per core.
    int workers = 0;
    // An actor with no message for this long is deactivated (its state saved by onDeactivate).
    // 0 = never.
    std::chrono::milliseconds idleAge = std::chrono::minutes(15);
    // Messages a worker handles before it lets its event loop run timers and other events.
    int batchSize = 1024;
    // Default timeout of ask().
    std::chrono::milliseconds askTimeout = std::chrono::seconds(30);
};

} // namespace airdisplay
