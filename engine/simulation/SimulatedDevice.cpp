#include "SimulatedDevice.h"

#include "BeachCatalog.h"

namespace airdisplay {

SimulatedDevice::SimulatedDevice(qint64 bannerId, SimulatedAircraft aircraft)
    : m_bannerId(bannerId), m_aircraft(std::move(aircraft))
{
}

SimulatedDevice SimulatedDevice::forBanner(qint64 bannerId, quint64 seed, qint64 startMs)
{
    // Banners spread over the beaches; several fly each beach, at different points of the pattern.
    const QList<Beach> &beaches = BeachCatalog::all();
    const Beach &beach = beaches[int(quint64(bannerId) * 2654435761u % quint64(beaches.size()))];
    return SimulatedDevice(bannerId, SimulatedAircraft(beach, seed * 1'000'003 + quint64(bannerId), startMs));
}

qint64 SimulatedDevice::confirmationAtMs(const SimulationOptions &options, qint64 nowMs, std::mt19937_64 &rng)
{
    std::uniform_int_distribution<qint64> jitter(0, options.confirmDelay.count() / 2);
    return nowMs + options.confirmDelay.count() + options.extraConfirmDelay.count() + jitter(rng);
}

qint64 SimulatedDevice::reconnectDelayMs(std::mt19937_64 &rng) const
{
    const qint64 base = qMin<qint64>(30'000, 500LL << qMin(m_reconnectAttempts, 6));
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return qint64(double(base) * jitter(rng));
}

void SimulatedDevice::show(qint64 messageId, const QString &text, qint64 confirmAtMs)
{
    m_pending = Confirmation{Confirmation::Kind::Displayed, messageId};
    m_pendingText = text;
    m_pendingAtMs = confirmAtMs;
}

void SimulatedDevice::blank(qint64 confirmAtMs)
{
    m_pending = Confirmation{Confirmation::Kind::Blanked, 0};
    m_pendingText.clear();
    m_pendingAtMs = confirmAtMs;
}

std::optional<SimulatedDevice::Confirmation> SimulatedDevice::takeDueConfirmation(qint64 nowMs)
{
    if (!m_pending || m_pendingAtMs > nowMs)
        return std::nullopt;
    const Confirmation done = *m_pending;
    m_pending.reset();
    if (done.kind == Confirmation::Kind::Displayed) {
        m_showing = done.messageId;
        m_showingText = m_pendingText;
    } else {
        m_showing.reset();
        m_showingText.clear();
    }
    return done;
}

} // namespace airdisplay
