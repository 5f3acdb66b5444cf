#include "CustomerStats.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace airdisplay {

void CustomerStats::acknowledged(qint64 latencyUs)
{
    m_latenciesUs.push_back(latencyUs);
    m_sorted = false;
}

qint64 CustomerStats::latencyUs(double quantile) const
{
    if (m_latenciesUs.empty())
        return 0;
    if (!m_sorted) {
        std::sort(m_latenciesUs.begin(), m_latenciesUs.end());
        m_sorted = true;
    }
    const auto rank = size_t(std::ceil(qBound(0.0, quantile, 1.0) * double(m_latenciesUs.size())));
    return m_latenciesUs[rank == 0 ? 0 : rank - 1];
}

qint64 CustomerStats::maxLatencyUs() const
{
    return latencyUs(1.0);
}

QString CustomerStats::summary() const
{
    QStringList errors;
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        errors << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return QStringLiteral("sent %1, acknowledged %2, errors {%3}, ack latency p50 %4 ms, p90 %5 ms, p99 %6 ms, max %7 ms")
        .arg(m_sent)
        .arg(acknowledgedCount())
        .arg(errors.join(QStringLiteral(", ")))
        .arg(latencyUs(0.5) / 1000.0, 0, 'f', 2)
        .arg(latencyUs(0.9) / 1000.0, 0, 'f', 2)
        .arg(latencyUs(0.99) / 1000.0, 0, 'f', 2)
        .arg(maxLatencyUs() / 1000.0, 0, 'f', 2);
}

} // namespace airdisplay
