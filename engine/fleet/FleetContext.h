#pragma once

#include "Clock.h"

#include <atomic>

namespace airdisplay {

class DeviceRegistry;
class EventBus;
class FleetIndex;
struct FleetPolicy;
class MessageText;
class Store;

// What every BannerActor shares, owned by the FleetEngine and alive as long as any actor.
struct FleetContext
{
    Store *store = nullptr;
    const FleetPolicy *policy = nullptr;
    const MessageText *text = nullptr;
    Clock clock;
    EventBus *events = nullptr;
    FleetIndex *index = nullptr;
    DeviceRegistry *devices = nullptr;

    // Totals since open, for metrics.
    std::atomic<quint64> accepted{0};       // submissions committed
    std::atomic<quint64> duplicates{0};     // retries answered with the first answer
    std::atomic<quint64> refused{0};        // commands answered with a domain error
    std::atomic<quint64> commits{0};        // banner write batches committed
    std::atomic<quint64> commitFailures{0}; // banner write batches that failed
    std::atomic<quint64> activations{0};    // banner actors loaded from the store
};

} // namespace airdisplay
