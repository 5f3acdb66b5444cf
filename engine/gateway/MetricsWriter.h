#pragma once

#include "FleetMetrics.h"
#include "GatewayMetrics.h"

#include <QByteArray>

namespace airdisplay {

// /metrics: the engine's, the store's and the gateway's figures in the Prometheus text format
// (version 0.0.4), every name prefixed airdisplay_.
class MetricsWriter
{
public:
    static QByteArray write(const FleetMetrics &fleet, const GatewayMetrics &gateway);
};

} // namespace airdisplay
