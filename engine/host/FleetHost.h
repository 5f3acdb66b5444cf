#pragma once

#include "FleetError.h"
#include "FleetHostOptions.h"

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace airdisplay {

class FleetEngine;
class Gateway;

// One running fleet: the engine on its store, the gateway when asked for, and a simulated demo
// fleet when asked for, started and stopped in one order for the console and the daemon alike.
//
// start() and stop() block (the database, the gateway's thread): call them from one thread at a
// time, never the GUI thread. The signals come from the demo's own thread.
class FleetHost : public QObject
{
    Q_OBJECT

public:
    explicit FleetHost(FleetHostOptions options, QObject *parent = nullptr);
    // stop(), if it has not run.
    ~FleetHost() override;

    // Opens the engine, then starts the gateway. An engine that does not open is an error (and the
    // host is stopped); a gateway that does not start is not: the fleet runs, and gatewayError()
    // says why remote clients cannot connect.
    FleetError start();
    // A simulated fleet of banners 1..banners flying in this process, on a thread of its own: it
    // registers what is missing, connects a device per banner, and sends customers' messages.
    // After start(); once.
    void startDemo(int banners);
    // The one shutdown order: remote clients first (nothing new comes in), then the demo, then the
    // engine, which handles what is queued and commits it (until the deadline). Idempotent.
    void stop(std::chrono::milliseconds deadline = std::chrono::seconds(10));

    const FleetHostOptions &options() const { return m_options; }
    // Valid from construction to destruction; open between start() and stop().
    FleetEngine &engine() const { return *m_engine; }
    // Set while the gateway listens.
    const Gateway *gateway() const { return m_gateway.get(); }
    Error gatewayError() const { return m_gatewayError; }

signals:
    void demoRegistering(int done, int total);
    void demoConnecting(int done, int total);
    void demoFlying(int banners);
    void demoFailed(const QString &reason);

private:
    const FleetHostOptions m_options;
    std::unique_ptr<FleetEngine> m_engine;
    std::unique_ptr<Gateway> m_gateway;
    Error m_gatewayError;
    QThread *m_demoThread = nullptr;
    QObject *m_demoContext = nullptr; // on the demo thread: the simulated fleet is its child
};

} // namespace airdisplay
