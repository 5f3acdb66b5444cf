#pragma once

#include <QMetaType>
#include <QObject>
#include <QTimer>

namespace airdisplay {

class FleetEngine;
class Gateway;

// One reading of the fleet's vital signs, per second.
struct StatsSample
{
    qint64 atMs = 0;
    double messagesPerSecond = 0;    // actor messages handled: the engine's throughput
    double submissionsPerSecond = 0; // accepted customer and dispatcher submissions
    int residentBanners = 0;         // banner actors in memory
    double commitLatencyP99Ms = 0;   // change to published commit, over the last second
    int connectedDevices = 0;
    int connectedClients = 0;        // WebSocket sessions on the gateway
    int registeredBanners = 0;
};

// Reads the engine's counters once a second (atomics, no SQL) and turns totals into rates.
class StatsSampler : public QObject
{
    Q_OBJECT

public:
    explicit StatsSampler(QObject *parent = nullptr);

    void setEngine(FleetEngine *engine, const Gateway *gateway = nullptr);
    // From the feed, once a second.
    void setCommitLatency(double p99Ms) { m_latencyP99Ms = p99Ms; }

signals:
    void sampled(const airdisplay::StatsSample &sample);

private:
    void sample();

    FleetEngine *m_engine = nullptr;
    const Gateway *m_gateway = nullptr;
    QTimer m_timer;
    qint64 m_lastAtMs = 0;
    quint64 m_lastMessages = 0;
    quint64 m_lastAccepted = 0;
    double m_latencyP99Ms = 0;
};

} // namespace airdisplay

Q_DECLARE_METATYPE(airdisplay::StatsSample)
