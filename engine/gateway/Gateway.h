#pragma once

#include "Error.h"
#include "GatewayMetrics.h"
#include "GatewayOptions.h"

#include <QString>
#include <QHostAddress>
#include <QThread>

#include <memory>

namespace airdisplay {

class FleetEngine;
class GatewayServer;

// The gateway: one port for REST, WebSocket, metrics, health and the web client, served from a
// thread of its own (never the caller's, never the GUI thread). Construct, start(), and stop() (or
// destroy) from one thread; metrics() from any.
class Gateway
{
public:
    Gateway(FleetEngine &engine, GatewayOptions options);
    ~Gateway();
    Gateway(const Gateway &) = delete;
    Gateway &operator=(const Gateway &) = delete;

    // Listens; an Unavailable error says why it cannot (the port is taken, the certificate is bad).
    Error start();
    // Closes every connection (WebSocket clients get 1001) and ends the thread. Idempotent.
    void stop();
    bool isRunning() const { return m_server != nullptr; }
    quint16 port() const { return m_port; }
    // The address it was asked to listen on (the port above is the one it got, also for port 0).
    QHostAddress address() const { return m_options.address; }
    const GatewayMetrics &metrics() const { return m_metrics; }

private:
    FleetEngine &m_engine;
    const GatewayOptions m_options;
    GatewayMetrics m_metrics;
    QThread m_thread;
    GatewayServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace airdisplay
