#pragma once

#include <QMap>
#include <QString>

#include <vector>

namespace airdisplay {

// What simulated customers saw: counts, errors by code and acknowledgement latency.
class CustomerStats
{
public:
    void sent() { ++m_sent; }
    void acknowledged(qint64 latencyUs);
    void failed(const QString &code) { ++m_errors[code]; }

    qint64 sentCount() const { return m_sent; }
    qint64 acknowledgedCount() const { return qint64(m_latenciesUs.size()); }
    QMap<QString, qint64> errors() const { return m_errors; }
    // Latency quantile (0..1) in microseconds; 0 before any acknowledgement.
    qint64 latencyUs(double quantile) const;
    qint64 maxLatencyUs() const;
    // One line: sent, acknowledged, errors by code, p50/p90/p99/max.
    QString summary() const;

private:
    qint64 m_sent = 0;
    QMap<QString, qint64> m_errors;
    mutable std::vector<qint64> m_latenciesUs;
    mutable bool m_sorted = true;
};

} // namespace airdisplay
