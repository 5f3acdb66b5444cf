#pragma once

#include "BannerRecord.h"
#include "CustomerStats.h"
#include "DeviceCommand.h"
#include "SimulatedDevice.h"
#include "SimulationOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <random>
#include <vector>

namespace airdisplay {

class FleetEngine;
class DeviceLink;

// A simulated fleet inside the process: registers N banners with a FleetEngine, connects a
// simulated device to each, flies them along real beaches (telemetry every second, less often for a
// very large fleet: see SimulationOptions::maxTelemetryPerSecond), shows and
// confirms what the engine sends, and optionally plays customers submitting messages and link
// faults. The console's demo mode and tests use it; airdisplay-sim drives the same SimulatedDevice
// behaviour over the real protocol.
//
// Lives on one thread (put it on its own QThread in a GUI: its timers do the work) and talks to the
// engine only through FleetEngine's asynchronous API.
class SimulatedFleet : public QObject
{
    Q_OBJECT

public:
    SimulatedFleet(FleetEngine *engine, SimulationOptions options, QObject *parent = nullptr);
    ~SimulatedFleet() override;

    // Registers the banners that are not registered yet, connects the devices and starts flying.
    // Emits started() when every device is connected, or failed() with a reason.
    void start();
    void stop();

    int deviceCount() const { return int(m_devices.size()); }
    int connectedCount() const;
    const SimulatedDevice &device(int index) const { return m_devices[size_t(index)]; }
    const CustomerStats &customerStats() const { return m_customers; }
    // Confirmations sent to the engine, of each kind.
    qint64 displayedConfirmations() const { return m_displayedConfirmations; }

    // Where device commands wait for the fleet's thread (defined in the .cpp).
    struct Inbox;

signals:
    void started();
    void failed(const QString &reason);
    // Banners registered, then devices connected: both in steps, so that a million take their time
    // visibly and never flood the engine with one giant command.
    void registrationProgress(int done, int total);
    void progress(int done, int total);

private:
    void registerNext(QList<BannerRecord> missing, int done);
    void connectDevices();
    void connectMore();
    void connectDevice(size_t index, bool initial);
    void onCommand(const DeviceCommand &command);
    void tick();
    void tickDevice(size_t index, qint64 now);
    void sendTelemetry(const SimulatedDevice &device, qint64 now);
    void confirmDue();
    void submitDemoMessages();
    qint64 nowMs() const;

    FleetEngine *m_engine;
    const SimulationOptions m_options;
    std::vector<SimulatedDevice> m_devices;
    std::vector<std::shared_ptr<DeviceLink>> m_links;
    std::vector<qint64> m_reconnectAtMs; // -1: connected or connecting
    std::vector<size_t> m_awaitingConfirmation;
    std::shared_ptr<Inbox> m_inbox;
    QTimer m_tickTimer;
    QTimer m_confirmTimer;
    QTimer m_customerTimer;
    std::mt19937_64 m_rng;
    CustomerStats m_customers;
    double m_submissionCredit = 0;
    qint64 m_nextRequest = 1;
    qint64 m_displayedConfirmations = 0;
    int m_connecting = 0;       // devices of the first wave not answered yet
    size_t m_nextToConnect = 0; // the first wave goes out a window at a time
    int m_connectsInFlight = 0;
    int m_lastProgressPercent = -1;
    qint64 m_telemetryIntervalMs = 0; // stretched for a large fleet
    size_t m_tickCursor = 0;          // each tick reports the next slice of the fleet
    bool m_running = false;
};

} // namespace airdisplay
