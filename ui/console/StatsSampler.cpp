#include "StatsSampler.h"

#include "FleetEngine.h"
#include "Gateway.h"

#include <QDateTime>

namespace airdisplay {

StatsSampler::StatsSampler(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatsSampler::sample);
}

void StatsSampler::setEngine(FleetEngine *engine, const Gateway *gateway)
{
    m_engine = engine;
    m_gateway = gateway;
    m_lastAtMs = 0;
    m_latencyP99Ms = 0;
    if (m_engine) {
        m_timer.start();
        sample();
    } else {
        m_timer.stop();
    }
}

void StatsSampler::sample()
{
    if (!m_engine)
        return;
    const FleetMetrics metrics = m_engine->metrics();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    StatsSample s;
    s.atMs = now;
    if (m_lastAtMs > 0 && now > m_lastAtMs) {
        const double seconds = double(now - m_lastAtMs) / 1000.0;
        s.messagesPerSecond = double(metrics.actors.messagesHandled - m_lastMessages) / seconds;
        s.submissionsPerSecond = double(metrics.accepted - m_lastAccepted) / seconds;
    }
    m_lastAtMs = now;
    m_lastMessages = metrics.actors.messagesHandled;
    m_lastAccepted = metrics.accepted;
    s.residentBanners = int(metrics.actors.residentActors);
    s.commitLatencyP99Ms = m_latencyP99Ms;
    s.connectedDevices = metrics.connectedDevices;
    s.registeredBanners = metrics.registeredBanners;
    if (m_gateway)
        s.connectedClients = m_gateway->metrics().webSocketSessions.load(std::memory_order_relaxed);
    emit sampled(s);
}

} // namespace airdisplay
