#pragma once

#include <QtGlobal>

#include <atomic>

namespace airdisplay {

// The gateway's counters: written on the gateway thread, read from any (for /metrics and the
// console). Totals since start unless named as a current value.
struct GatewayMetrics
{
    std::atomic<quint64> httpRequests{0};
    std::atomic<quint64> httpErrors{0};          // answers with a 4xx or 5xx status
    std::atomic<quint64> oversizeRequests{0};    // refused before their body was read
    std::atomic<quint64> malformedRequests{0};   // refused for their framing (400)
    std::atomic<quint64> timedOutRequests{0};    // not read whole in time (408)
    std::atomic<quint64> idleClosed{0};          // closed when idle, or silent from their opening
    std::atomic<quint64> rejectedConnections{0}; // refused at the connection limit or an address's
    std::atomic<int> openConnections{0};         // current: TCP connections
    std::atomic<int> webSocketSessions{0};       // current
    std::atomic<int> liveSubscribers{0};         // current: sessions served by the EventFanout
    std::atomic<quint64> framesIn{0};
    std::atomic<quint64> framesOut{0};
    std::atomic<quint64> frameErrors{0};         // error frames sent
    std::atomic<quint64> authFailures{0};
    std::atomic<quint64> rateLimited{0};
    std::atomic<quint64> eventsDelivered{0};     // events, whether one per frame or many
    std::atomic<quint64> fanoutBatches{0};       // hand-overs from the engine the fanout wrote out
    std::atomic<quint64> statesCoalesced{0};     // state frames sent in place of skipped events
    std::atomic<quint64> slowClientsClosed{0};
    std::atomic<quint64> submissionsAccepted{0};
};

} // namespace airdisplay
