#pragma once

#include "DeviceCredential.h"
#include "SimulatedDevice.h"
#include "SimulationOptions.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <deque>
#include <mutex>
#include <random>
#include <vector>

class QWebSocket;

namespace airdisplay {

// Simulated banner devices that speak the gateway's real protocol, one WebSocket connection each:
// auth with the device token, hello with what the display shows, telemetry every interval, show
// and blank on command, confirmed once the display has changed (SimulatedDevice, the same
// behaviour as the in-process SimulatedFleet). Faults on request: link drops, slow confirmations;
// lost links reconnect with exponential backoff and jitter.
//
// Built for thousands of devices in one thread: a single tick timer visits a slice of the devices
// every 20 ms (no timer per device), and connections are opened a bounded number at a time so the
// server's accept queue is never flooded. Qt's event loop scans every socket on each wake-up, so
// tens of thousands of devices are better split over a few fleets, each on a thread of its own.
// Lives on one thread; the counters and errors() may be read from any.
class WebSocketFleet : public QObject
{
    Q_OBJECT

public:
    // `gateway` is ws:// or wss://HOST:PORT (the path defaults to /ws). Devices keep the order of
    // `credentials`; options.banners and firstBannerId are not used (the credentials name them).
    WebSocketFleet(const QUrl &gateway, const QList<DeviceCredential> &credentials, SimulationOptions options,
                   QObject *parent = nullptr);
    ~WebSocketFleet() override;

    // Handshakes (connect, upgrade, auth) in progress at once. Bounded because a full accept
    // queue on the server drops connection attempts, which then wait out TCP's exponential SYN
    // retransmissions (a handshake stalled for 10 s is abandoned and tried again).
    void setConnectConcurrency(int connections) { m_connectConcurrency = qMax(1, connections); }
    // Every device pings at this interval; the pong proves the server has read every frame before it.
    void setPingIntervalMs(qint64 ms) { m_pingIntervalMs = qMax<qint64>(0, ms); }
    // Accept any TLS certificate (a test server's self-signed one).
    void setIgnoreSslErrors(bool ignore) { m_ignoreSslErrors = ignore; }

    void start();
    // Closes every connection normally; devices stay where they are.
    void stop();

    int deviceCount() const { return int(m_devices.size()); }
    int connectedCount() const { return m_online.load(std::memory_order_relaxed); }

    qint64 telemetrySent() const { return m_telemetrySent.load(std::memory_order_relaxed); }
    // Telemetry frames the server has read: those sent before each answered ping.
    qint64 telemetryAbsorbed() const { return m_telemetryAbsorbed.load(std::memory_order_relaxed); }
    // Successful handshakes, reconnections included.
    qint64 connections() const { return m_connections.load(std::memory_order_relaxed); }
    // Links lost, injected drops included.
    qint64 linkLosses() const { return m_linkLosses.load(std::memory_order_relaxed); }
    qint64 injectedDrops() const { return m_injectedDrops.load(std::memory_order_relaxed); }
    qint64 showCommands() const { return m_showCommands.load(std::memory_order_relaxed); }
    qint64 blankCommands() const { return m_blankCommands.load(std::memory_order_relaxed); }
    qint64 confirmationsSent() const { return m_confirmationsSent.load(std::memory_order_relaxed); }
    // Error frames and close reasons, by protocol code.
    QMap<QString, qint64> errors() const;

signals:
    // Every device is online for the first time.
    void allConnected();

private:
    enum class LinkState { Idle, Queued, Connecting, Online, Failed };

    struct Link
    {
        QWebSocket *socket = nullptr;
        LinkState state = LinkState::Idle;
        qint64 reconnectAtMs = -1;
        qint64 openedAtMs = 0;
        qint64 telemetrySent = 0;     // on this connection
        qint64 telemetryAbsorbed = 0; // on this connection
        int visits = 0;
    };

    void tick();
    void visit(size_t index, qint64 now);
    void openConnections();
    void open(size_t index);
    void onConnected(size_t index);
    void onText(size_t index, QWebSocket *socket, const QString &text);
    void onLost(size_t index, QWebSocket *socket, const QString &reason);
    void dropLink(size_t index, qint64 now);
    void scheduleReconnect(size_t index, qint64 now);
    void release(Link &link);
    void send(Link &link, const QString &frame);
    void confirmDue(qint64 now);
    void countError(const QString &code);
    qint64 nowMs() const;

    const QUrl m_url;
    const SimulationOptions m_options;
    std::vector<SimulatedDevice> m_devices;
    std::vector<QString> m_tokens;
    std::vector<Link> m_links;
    std::deque<size_t> m_connectQueue;
    std::vector<size_t> m_reconnecting;
    std::vector<size_t> m_awaitingConfirmation;
    QTimer m_tickTimer;
    std::mt19937_64 m_rng;
    qint64 m_startMs = 0;
    qint64 m_nextSlot = 0;
    qint64 m_slots = 1; // devices are visited in this many interleaved slices per telemetry interval
    qint64 m_pingIntervalMs = 5000;
    int m_connectConcurrency = 32;
    int m_connecting = 0;
    bool m_everyoneOnline = false;
    bool m_ignoreSslErrors = false;
    bool m_running = false;
    std::atomic<int> m_online{0};
    std::atomic<qint64> m_telemetrySent{0};
    std::atomic<qint64> m_telemetryAbsorbed{0};
    std::atomic<qint64> m_connections{0};
    std::atomic<qint64> m_linkLosses{0};
    std::atomic<qint64> m_injectedDrops{0};
    std::atomic<qint64> m_showCommands{0};
    std::atomic<qint64> m_blankCommands{0};
    std::atomic<qint64> m_confirmationsSent{0};
    mutable std::mutex m_errorsMutex;
    QMap<QString, qint64> m_errors;
};

} // namespace airdisplay
