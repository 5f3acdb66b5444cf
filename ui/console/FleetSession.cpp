#include "FleetSession.h"

#include "ConsoleLogging.h"
#include "FleetEngine.h"
#include "FleetFeed.h"
#include "FleetHost.h"
#include "FleetIndex.h"
#include "Gateway.h"
#include "MapSnapshotBuilder.h"

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
    // An open still running must not meet a shutdown of its host, and a close still running
    // uses this session's threads. Their answers, posted to this object, are discarded with it.
    if (m_opening)
        m_opening->waitForFinished();
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
    m_host = std::make_shared<FleetHost>(FleetHostOptions{location, options, std::move(gateway)});
    connect(m_host.get(), &FleetHost::demoRegistering, this, [this](int done, int total) {
        emit progress(tr("Registering simulated banners…"), done, total);
    });
    connect(m_host.get(), &FleetHost::demoConnecting, this, [this](int done, int total) {
        emit progress(tr("Connecting simulated banners…"), done, total);
    });
    connect(m_host.get(), &FleetHost::demoFlying, this, &FleetSession::demoFlying);
    connect(m_host.get(), &FleetHost::demoFailed, this, &FleetSession::demoFailed);
    setState(State::Opening);
    emit progress(tr("Opening %1…").arg(location), 0, 0);
    qCInfo(lcUi) << "opening the fleet on" << location;
    Reply<FleetError> opening;
    m_opening = opening;
    opening.then(this, [this](const FleetError &error) { onOpenFinished(error); });
    // The database and the gateway's thread are waited for there, never here.
    QThreadPool::globalInstance()->start([host = m_host, opening] { opening.settle(host->start()); });
}

void FleetSession::onOpenFinished(const FleetError &error)
{
    m_opening.reset();
    if (error.isError()) {
        qCWarning(lcUi) << "could not open the fleet:" << error.message();
        // start() stopped the host; it is freed off this thread, like every host.
        QThreadPool::globalInstance()->start([host = std::exchange(m_host, {})] {});
        setState(State::Closed);
        emit openFailed(error.message());
        return;
    }
    if (const Error failed = m_host->gatewayError(); failed.isError()) {
        qCWarning(lcUi) << "the gateway did not start:" << failed.message();
        emit gatewayFailed(failed.message());
    } else if (const Gateway *gateway = m_host->gateway()) {
        qCInfo(lcUi) << "gateway listening on port" << gateway->port();
    }
    onOpened();
}

void FleetSession::onOpened()
{
    FleetEngine *engine = &m_host->engine();
    m_feed = new FleetFeed(engine);
    m_feedThread = newThread(QStringLiteral("console-feed"));
    m_feed->moveToThread(m_feedThread);
    m_mapBuilder = new MapSnapshotBuilder(&engine->fleetIndex());
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
    m_host->startDemo(m_demoBanners);
}

FleetSession::Parts FleetSession::takeParts()
{
    Parts parts;
    parts.host = std::exchange(m_host, {});
    parts.feed = std::exchange(m_feed, nullptr);
    parts.mapBuilder = std::exchange(m_mapBuilder, nullptr);
    parts.feedThread = std::exchange(m_feedThread, nullptr);
    parts.mapThread = std::exchange(m_mapThread, nullptr);
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
    // The console's observers first, then the host in its own order (remote clients, the demo, the
    // engine).
    if (parts.feed)
        runOn(parts.feed, [feed = parts.feed] { delete feed; });
    if (parts.mapBuilder)
        runOn(parts.mapBuilder, [builder = parts.mapBuilder] { delete builder; });
    for (QThread *thread : {parts.feedThread, parts.mapThread}) {
        if (thread) {
            thread->quit();
            thread->wait();
            delete thread;
        }
    }
    if (parts.host)
        parts.host->stop();
}

} // namespace airdisplay
