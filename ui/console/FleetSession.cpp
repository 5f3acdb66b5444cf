#include "FleetSession.h"

#include "ConsoleLogging.h"
#include "FleetEngine.h"
#include "FleetFeed.h"
#include "FleetIndex.h"
#include "Gateway.h"
#include "MapSnapshotBuilder.h"
#include "SimulatedFleet.h"

#include <QThreadPool>

namespace airdisplay {

namespace {

// A new thread for each session, never one that ran before: Qt 6.4 keeps, in every object moved to
// a QThread, a pointer to that thread's thread-local binding status, and a QThread that finished
// and started again has it elsewhere. Objects moved to it in between keep the stale pointer, and
// the first QTimer::start on them crashed (FleetFeed::start after Settings -> Apply).
QThread *newThread(const QString &name)
{
    auto *thread = new QThread;
    thread->setObjectName(name);
    return thread;
}

// Runs fn on the thread of context and waits for it: how a worker's objects are stopped and
// deleted on their own thread. Never called from that thread.
template<typename Fn>
void runOn(QObject *context, Fn &&fn)
{
    QMetaObject::invokeMethod(context, std::forward<Fn>(fn), Qt::BlockingQueuedConnection);
}

} // namespace

FleetSession::FleetSession(QObject *parent) : QObject(parent) {}

FleetSession::~FleetSession()
{
    // An open still running must not meet a shutdown of its engine, and a close still running
    // uses this session's threads. Their answers, posted to this object, are discarded with it.
    if (m_opening) {
        const Opened &opened = m_opening->result();
        if (!opened.error.isError()) {
                    m_gateway = opened.gateway;
                }
    }
    if (m_closing)
        m_closing->waitForFinished();
    tearDown(takeParts());
}

void FleetSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void FleetSession::open(const QString &location, const FleetEngineOptions &options, int demoBanners,
                        std::optional<GatewayOptions> gateway)
{
    if (m_state != State::Closed)
        return;
    m_location = location;
    m_demoBanners = demoBanners;
    m_closeRequested = false;
    m_engine = std::make_shared<FleetEngine>(options);
    setState(State::Opening);
    emit progress(tr("Opening %1…").arg(location), 0, 0);
    qCInfo(lcUi) << "opening the fleet on" << location;
    Reply<Opened> opening;
    m_opening = opening;
    opening.then(this, [this](const Opened &opened) { onOpenFinished(opened); });
    QThreadPool::globalInstance()->start([engine = m_engine, location, gateway, opening] {
        opening.settle(openParts(*engine, location, gateway));
    });
}

FleetSession::Opened FleetSession::openParts(FleetEngine &engine, const QString &location,
                                             const std::optional<GatewayOptions> &gateway)
{
    Opened opened;
    opened.error = engine.open(location);
    if (opened.error.isError())
        return opened;
    if (!gateway)
        return opened;
    // It listens here, off the GUI thread.
    auto server = std::make_shared<Gateway>(engine, *gateway);
    opened.gatewayError = server->start();
    if (opened.gatewayError.isEmpty())
        opened.gateway = server;
    return opened;
}

void FleetSession::onOpenFinished(const Opened &opened)
{
    m_opening.reset();
    if (opened.error.isError()) {
        qCWarning(lcUi) << "could not open the fleet:" << opened.error.message();
        QThreadPool::globalInstance()->start([engine = std::exchange(m_engine, {})] { engine->shutdown(); });
        setState(State::Closed);
        emit openFailed(opened.error.message());
        return;
    }
    m_gateway = opened.gateway;
    if (!opened.gatewayError.isEmpty()) {
        qCWarning(lcUi) << "the gateway did not start:" << opened.gatewayError;
        emit gatewayFailed(opened.gatewayError);
    } else if (m_gateway) {
        qCInfo(lcUi) << "gateway listening on port" << m_gateway->port();
    }
    onOpened();
}

void FleetSession::onOpened()
{
    m_feed = new FleetFeed(m_engine.get());
    m_feedThread = newThread(QStringLiteral("console-feed"));
    m_feed->moveToThread(m_feedThread);
    m_mapBuilder = new MapSnapshotBuilder(&m_engine->fleetIndex());
    m_mapThread = newThread(QStringLiteral("console-map"));
    m_mapBuilder->moveToThread(m_mapThread);

    // Listeners connect to the feed and the builder when told the session is open; only then do
    // the workers start, so their first results are not emitted to nobody.
    setState(State::Open);
    emit opened();
    m_feedThread->start();
    QMetaObject::invokeMethod(m_feed, &FleetFeed::start, Qt::QueuedConnection);
    m_mapThread->start();
    QMetaObject::invokeMethod(m_mapBuilder, &MapSnapshotBuilder::start, Qt::QueuedConnection);

    if (m_closeRequested) {
        close();
        return;
    }
    if (m_demoBanners > 0)
        startDemo();
}

void FleetSession::startDemo()
{
    emit progress((m_demoBanners == 1 ? tr("Registering 1 simulated banner…") : tr("Registering %1 simulated banners…").arg(m_demoBanners)), 0, 0);
    m_demoContext = new QObject;
    m_demoThread = newThread(QStringLiteral("console-demo"));
    m_demoContext->moveToThread(m_demoThread);
    m_demoThread->start();
    SimulationOptions options;
    options.banners = m_demoBanners;
    // About one customer message per banner every two minutes, at most 200 a second: enough that
    // queues form and move, not so much that the demo is a load test.
    options.submissionsPerSecond = qMin(200.0, qMax(1.0, m_demoBanners / 120.0));
    options.linkDropProbability = 0.0005;
    // The fleet's timers must live on its thread, so it is built there. The context is captured:
    // a close on the GUI thread may take it from m_demoContext before this runs, and then deletes
    // it (and the fleet with it) on the demo thread after this has run.
    QMetaObject::invokeMethod(m_demoContext, [this, context = m_demoContext, engine = m_engine.get(), options] {
        auto *demo = new SimulatedFleet(engine, options, context);
        connect(demo, &SimulatedFleet::registrationProgress, this, [this](int done, int total) {
            emit progress(tr("Registering simulated banners…"), done, total);
        });
        connect(demo, &SimulatedFleet::progress, this, [this](int done, int total) {
            emit progress(tr("Connecting simulated banners…"), done, total);
        });
        connect(demo, &SimulatedFleet::started, this, [this] { emit demoFlying(m_demoBanners); });
        connect(demo, &SimulatedFleet::failed, this, &FleetSession::demoFailed);
        demo->start();
    }, Qt::QueuedConnection);
}

FleetSession::Parts FleetSession::takeParts()
{
    Parts parts;
    parts.engine = std::exchange(m_engine, {});
    parts.gateway = std::exchange(m_gateway, {});
    parts.feed = std::exchange(m_feed, nullptr);
    parts.mapBuilder = std::exchange(m_mapBuilder, nullptr);
    parts.demoContext = std::exchange(m_demoContext, nullptr);
    parts.feedThread = std::exchange(m_feedThread, nullptr);
    parts.mapThread = std::exchange(m_mapThread, nullptr);
    parts.demoThread = std::exchange(m_demoThread, nullptr);
    return parts;
}

void FleetSession::close()
{
    if (m_state == State::Opening) {
        m_closeRequested = true;
        return;
    }
    if (m_state != State::Open)
        return;
    setState(State::Closing);
    emit closing();
    emit progress(tr("Closing the fleet…"), 0, 0);
    Reply<bool> closing;
    m_closing = closing;
    closing.then(this, [this](bool) {
        m_closing.reset();
        setState(State::Closed);
        emit closed();
    });
    QThreadPool::globalInstance()->start([parts = takeParts(), closing] {
        tearDown(parts);
        closing.settle(true);
    });
}

void FleetSession::tearDown(Parts parts)
{
    // Remote clients first: nothing new comes in while the rest stops.
    if (parts.gateway)
        parts.gateway->stop();
    if (parts.demoContext) {
        // Deleting the context deletes the simulated fleet with it, on its own thread, before the
        // engine it talks to goes away.
        runOn(parts.demoContext, [context = parts.demoContext] { delete context; });
    }
    if (parts.feed) {
        runOn(parts.feed, [feed = parts.feed] { delete feed; });
    }
    if (parts.mapBuilder) {
        runOn(parts.mapBuilder, [builder = parts.mapBuilder] { delete builder; });
    }
    for (QThread *thread : {parts.demoThread, parts.feedThread, parts.mapThread}) {
        if (thread) {
            thread->quit();
            thread->wait();
            delete thread;
        }
    }
    if (parts.engine)
        parts.engine->shutdown();
    parts.gateway.reset();
}

} // namespace airdisplay
