#pragma once

namespace airdisplay {

// Bounds on what one frame or body may carry. Text length itself is the domain's rule
// (FleetPolicy::maxTextLength); these only keep a single input from costing much.
struct ProtocolLimits
{
    int maxFrameBytes = 16 * 1024;     // a WebSocket text frame or a REST body
    int maxSubscribedBanners = 10'000; // ids in one subscribe
    int maxCorrelationId = 128;        // characters of a client's "id"
    int maxPageSize = 1000;            // banners or events in one REST page
    int maxProvisionBatch = 1000;      // banners or device tokens in one provisioning request
};

} // namespace airdisplay
