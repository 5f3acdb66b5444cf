#pragma once

#include "AircraftTelemetry.h"
#include "SimulatedAircraft.h"
#include "SimulationOptions.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <random>

namespace airdisplay {

// The behaviour of one simulated banner device, whatever carries its protocol: it flies its
// aircraft, shows and blanks on command, and confirms what it shows after a short delay (the time
// a real display takes to light up). Transport-agnostic: the owner feeds it commands and asks it
// what to report.
class SimulatedDevice
{
public:
    struct Confirmation
    {
        enum class Kind { Displayed, Blanked };
        Kind kind;
        qint64 messageId; // Displayed only
    };

    SimulatedDevice(qint64 bannerId, SimulatedAircraft aircraft);
    // The device of banner `bannerId`: its beach and flight follow from the id and the seed, so the
    // in-process fleet and airdisplay-sim put the same banner over the same beach.
    static SimulatedDevice forBanner(qint64 bannerId, quint64 seed, qint64 startMs);
    // When a command received at nowMs will be on the display: the light-up time with some
    // jitter, plus the fault's extra delay.
    static qint64 confirmationAtMs(const SimulationOptions &options, qint64 nowMs, std::mt19937_64 &rng);

    qint64 bannerId() const { return m_bannerId; }
    std::optional<qint64> showing() const { return m_showing; }
    QString showingText() const { return m_showingText; }
    AircraftTelemetry telemetryAt(qint64 nowMs) const { return m_aircraft.telemetryAt(nowMs); }

    // A command from the engine. The display changes at confirmAtMs, and the device says so then.
    void show(qint64 messageId, const QString &text, qint64 confirmAtMs);
    void blank(qint64 confirmAtMs);

    // The confirmation due at nowMs, if any (the display has now changed).
    std::optional<Confirmation> takeDueConfirmation(qint64 nowMs);
    qint64 nextConfirmationAtMs() const { return m_pending ? m_pendingAtMs : -1; }

    // Link state, owned by the transport's fault model.
    bool isConnected() const { return m_connected; }
    void setConnected(bool connected) { m_connected = connected; }
    int reconnectAttempts() const { return m_reconnectAttempts; }
    void setReconnectAttempts(int attempts) { m_reconnectAttempts = attempts; }
    // How long to wait before the next reconnect attempt: exponential in the attempts so far, with
    // jitter, so a fleet that lost a tower does not reconnect in lockstep.
    qint64 reconnectDelayMs(std::mt19937_64 &rng) const;

private:
    qint64 m_bannerId;
    SimulatedAircraft m_aircraft;
    std::optional<qint64> m_showing;
    QString m_showingText;
    // The command being carried out: a new one replaces it (a blank overrides a pending show).
    std::optional<Confirmation> m_pending;
    QString m_pendingText;
    qint64 m_pendingAtMs = 0;
    bool m_connected = false;
    int m_reconnectAttempts = 0;
};

} // namespace airdisplay
