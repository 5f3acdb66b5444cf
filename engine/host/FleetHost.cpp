#include "FleetHost.h"

#include "FleetEngine.h"
#include "Gateway.h"
#include "SimulatedFleet.h"

#include <QThread>

namespace airdisplay {

FleetHost::FleetHost(FleetHostOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_engine(std::make_unique<FleetEngine>(m_options.engine))
{
}

FleetHost::~FleetHost()
{
    stop();
}

FleetError FleetHost::start()
{
    if (const FleetError error = m_engine->open(m_options.location); error.isError()) {
        stop();
        return error;
    }
    if (m_options.gateway) {
        GatewayOptions options = *m_options.gateway;
        if (options.storeLocation.isEmpty())
            options.storeLocation = m_options.location; // its tokens live in the fleet's database
        auto gateway = std::make_unique<Gateway>(*m_engine, options);
        m_gatewayError = gateway->start();
        if (!m_gatewayError.isError())
            m_gateway = std::move(gateway);
    }
    return {};
}

void FleetHost::startDemo(int banners)
{
    if (m_demoThread || banners <= 0 || !m_engine->isOpen())
        return;
    // A new thread, never one that ran before: Qt 6.4 keeps, in every object moved to a QThread,
    // a pointer to that thread's thread-local binding status, and a QThread that finished and
    // started again has it elsewhere (the first QTimer::start on such an object crashed).
    m_demoThread = new QThread;
    m_demoThread->setObjectName(QStringLiteral("airdisplay.demo"));
    m_demoContext = new QObject;
    m_demoContext->moveToThread(m_demoThread);
    m_demoThread->start();
    SimulationOptions options;
    options.banners = banners;
    // About one customer message per banner every two minutes, at most 200 a second: enough that
    // queues form and move, not so much that the demo is a load test.
    options.submissionsPerSecond = qMin(200.0, qMax(1.0, banners / 120.0));
    options.linkDropProbability = 0.0005;
    // The fleet's timers must live on its thread, so it is built there, as a child of the context
    // that stop() deletes on that thread.
    QMetaObject::invokeMethod(m_demoContext, [this, context = m_demoContext, engine = m_engine.get(), options] {
        auto *demo = new SimulatedFleet(engine, options, context);
        connect(demo, &SimulatedFleet::registrationProgress, this, &FleetHost::demoRegistering, Qt::DirectConnection);
        connect(demo, &SimulatedFleet::progress, this, &FleetHost::demoConnecting, Qt::DirectConnection);
        connect(demo, &SimulatedFleet::started, this, [this, banners = options.banners] { emit demoFlying(banners); },
                Qt::DirectConnection);
        connect(demo, &SimulatedFleet::failed, this, &FleetHost::demoFailed, Qt::DirectConnection);
        demo->start();
    }, Qt::QueuedConnection);
}

void FleetHost::stop(std::chrono::milliseconds deadline)
{
    if (m_gateway) {
        m_gateway->stop();
        m_gateway.reset();
    }
    if (m_demoThread) {
        // Deleting the context deletes the simulated fleet with it, on its own thread, before the
        // engine it talks to shuts down.
        QMetaObject::invokeMethod(m_demoContext, [context = m_demoContext] { delete context; },
                                  Qt::BlockingQueuedConnection);
        m_demoContext = nullptr;
        m_demoThread->quit();
        m_demoThread->wait();
        delete std::exchange(m_demoThread, nullptr);
    }
    m_engine->shutdown(deadline);
}

} // namespace airdisplay
