#include "SimulatedDevice.h"

namespace airdisplay {

SimulatedDevice::SimulatedDevice(qint64 bannerId, SimulatedAircraft aircraft)
    : m_bannerId(bannerId), m_aircraft(std::move(aircraft))
{
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
