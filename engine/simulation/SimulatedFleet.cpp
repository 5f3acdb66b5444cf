#include "SimulatedFleet.h"

#include "DemoPhrases.h"
#include "DeviceLink.h"
#include "FleetEngine.h"
#include "FleetIndex.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMetaObject>

#include <algorithm>
#include <mutex>

Q_LOGGING_CATEGORY(lcSimulation, "airdisplay.simulation")

namespace airdisplay {

// Commands arrive on the store's writer thread and must not block it: they are handed to the
// fleet's own thread. The inbox outlives the fleet (links hold it), and the fleet's destructor
// closes it under the lock, so a late command never reaches a deleted object.
struct SimulatedFleet::Inbox
{
    std::mutex mutex;
    SimulatedFleet *fleet = nullptr;

    void post(const DeviceCommand &command)
    {
        std::lock_guard lock(mutex);
        if (fleet)
            QMetaObject::invokeMethod(fleet, [f = fleet, command] { f->onCommand(command); }, Qt::QueuedConnection);
    }
};

namespace {

class SimulatedDeviceLink final : public DeviceLink
{
public:
    explicit SimulatedDeviceLink(std::shared_ptr<SimulatedFleet::Inbox> inbox) : m_inbox(std::move(inbox)) {}
    void send(const DeviceCommand &command) override { m_inbox->post(command); }

private:
    std::shared_ptr<SimulatedFleet::Inbox> m_inbox;
};

// Banners registered per command, and first connections in flight at once: large enough to be
// quick, small enough that the engine's queues and the caller's continuations stay small.
constexpr int kRegistrationChunk = 20'000;
constexpr int kConnectWindow = 2'000;
// How often a slice of the fleet reports; each device still reports once per telemetry interval.
constexpr int kTickMs = 100;

QString callsignFor(qint64 id)
{
    return QStringLiteral("BNR-%1").arg(id, 5, 10, QLatin1Char('0'));
}

} // namespace

SimulatedFleet::SimulatedFleet(FleetEngine *engine, SimulationOptions options, QObject *parent)
    : QObject(parent), m_engine(engine), m_options(options), m_inbox(std::make_shared<Inbox>()),
      m_rng(options.seed)
{
    m_inbox->fleet = this;
    m_devices.reserve(size_t(options.banners));
    for (int i = 0; i < options.banners; ++i) {
        m_devices.push_back(SimulatedDevice::forBanner(options.firstBannerId + i, options.seed, nowMs()));
        m_links.push_back(std::make_shared<SimulatedDeviceLink>(m_inbox));
    }
    m_reconnectAtMs.assign(m_devices.size(), -1);
    m_telemetryIntervalMs = qMax<qint64>(options.telemetryInterval.count(),
                                         qint64(options.banners) * 1000 / qMax(1, options.maxTelemetryPerSecond));

    connect(&m_tickTimer, &QTimer::timeout, this, &SimulatedFleet::tick);
    connect(&m_confirmTimer, &QTimer::timeout, this, &SimulatedFleet::confirmDue);
    connect(&m_customerTimer, &QTimer::timeout, this, &SimulatedFleet::submitDemoMessages);
}

SimulatedFleet::~SimulatedFleet()
{
    std::lock_guard lock(m_inbox->mutex);
    m_inbox->fleet = nullptr;
}

qint64 SimulatedFleet::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

int SimulatedFleet::connectedCount() const
{
    return int(std::count_if(m_devices.begin(), m_devices.end(), [](const SimulatedDevice &d) { return d.isConnected(); }));
}

void SimulatedFleet::start()
{
    if (m_running)
        return;
    m_running = true;
    QList<BannerRecord> missing;
    for (const SimulatedDevice &device : m_devices) {
        if (!m_engine->fleetIndex().contains(device.bannerId()))
            missing.append(BannerRecord{device.bannerId(), callsignFor(device.bannerId()), nowMs()});
    }
    if (missing.isEmpty()) {
        connectDevices();
        return;
    }
    qCInfo(lcSimulation) << "registering" << missing.size() << "simulated banners";
    registerNext(std::move(missing), 0);
}

void SimulatedFleet::registerNext(QList<BannerRecord> missing, int done)
{
    const int total = int(missing.size());
    if (done >= total || !m_running) {
        if (m_running)
            connectDevices();
        return;
    }
    const int count = qMin(kRegistrationChunk, total - done);
    m_engine->registerBanners(missing.mid(done, count))
        .then(this, [this, missing = std::move(missing), done = done + count, total](FleetResult result) mutable {
            if (!result.ok()) {
                emit failed(tr("Could not register the simulated banners: %1").arg(result.error.message()));
                return;
            }
            emit registrationProgress(done, total);
            registerNext(std::move(missing), done);
        });
}

void SimulatedFleet::stop()
{
    m_running = false;
    m_tickTimer.stop();
    m_confirmTimer.stop();
    m_customerTimer.stop();
}

void SimulatedFleet::connectDevices()
{
    m_connecting = int(m_devices.size());
    m_nextToConnect = 0;
    m_connectsInFlight = 0;
    m_lastProgressPercent = -1;
    if (m_devices.empty()) {
        emit started();
        return;
    }
    m_tickTimer.start(int(qMin<qint64>(kTickMs, m_options.telemetryInterval.count())));
    m_confirmTimer.start(50);
    if (m_options.submissionsPerSecond > 0)
        m_customerTimer.start(100);
    connectMore();
}

void SimulatedFleet::connectMore()
{
    while (m_connectsInFlight < kConnectWindow && m_nextToConnect < m_devices.size()) {
        ++m_connectsInFlight;
        connectDevice(m_nextToConnect++, true);
    }
}

void SimulatedFleet::connectDevice(size_t index, bool initial)
{
    SimulatedDevice &device = m_devices[index];
    m_reconnectAtMs[index] = -1;
    m_engine->deviceConnected(device.bannerId(), m_links[index], device.showing())
        .then(this, [this, index, initial](FleetResult result) {
            SimulatedDevice &d = m_devices[index];
            if (result.ok()) {
                d.setConnected(true);
                d.setReconnectAttempts(0);
                // On the map at once, not a telemetry interval later.
                sendTelemetry(d, nowMs());
            } else {
                qCWarning(lcSimulation) << "device" << d.bannerId() << "could not connect:" << result.error.message();
                // Backing off as after a lost link: an engine too busy to answer in time is not
                // helped by every device asking again each second.
                m_reconnectAtMs[index] = nowMs() + d.reconnectDelayMs(m_rng);
                d.setReconnectAttempts(d.reconnectAttempts() + 1);
            }
            if (!initial)
                return;
            --m_connectsInFlight;
            --m_connecting;
            const int total = int(m_devices.size());
            const int done = total - m_connecting;
            // One progress report per percent: a million reports would queue up behind each other.
            if (const int percent = int(qint64(done) * 100 / total); percent != m_lastProgressPercent) {
                m_lastProgressPercent = percent;
                emit progress(done, total);
            }
            if (m_connecting == 0)
                emit started();
            else if (m_running)
                connectMore();
        });
}

void SimulatedFleet::onCommand(const DeviceCommand &command)
{
    const qint64 index = command.bannerId - m_options.firstBannerId;
    if (index < 0 || index >= qint64(m_devices.size()))
        return;
    SimulatedDevice &device = m_devices[size_t(index)];
    if (!device.isConnected())
        return; // a command that raced with a link drop is lost, as on a real radio link
    const qint64 at = SimulatedDevice::confirmationAtMs(m_options, nowMs(), m_rng);
    if (command.kind == DeviceCommand::Kind::Show)
        device.show(command.messageId, command.text, at);
    else
        device.blank(at);
    m_awaitingConfirmation.push_back(size_t(index));
}

void SimulatedFleet::confirmDue()
{
    const qint64 now = nowMs();
    auto due = std::partition(m_awaitingConfirmation.begin(), m_awaitingConfirmation.end(), [&](size_t i) {
        const qint64 at = m_devices[i].nextConfirmationAtMs();
        return at >= 0 && at > now; // keep the ones still waiting
    });
    std::vector<size_t> ready(due, m_awaitingConfirmation.end());
    m_awaitingConfirmation.erase(due, m_awaitingConfirmation.end());
    for (size_t i : ready) {
        SimulatedDevice &device = m_devices[i];
        const auto confirmation = device.takeDueConfirmation(now);
        if (!confirmation || !device.isConnected())
            continue; // the display changed; a reconnect's hello reports it
        if (confirmation->kind == SimulatedDevice::Confirmation::Kind::Displayed) {
            ++m_displayedConfirmations;
            m_engine->execute(device.bannerId(), command::Displayed{confirmation->messageId});
        } else {
            m_engine->execute(device.bannerId(), command::Blanked{});
        }
    }
}

void SimulatedFleet::tick()
{
    // Each tick reports the slice of the fleet that is due, so a large fleet's telemetry is spread
    // evenly over its interval instead of arriving in one burst.
    const qint64 now = nowMs();
    const size_t n = m_devices.size();
    const qint64 slices = qMax<qint64>(1, m_telemetryIntervalMs / m_tickTimer.interval());
    const size_t slice = qMin(n, size_t((qint64(n) + slices - 1) / slices));
    for (size_t k = 0; k < slice; ++k) {
        tickDevice(m_tickCursor, now);
        m_tickCursor = (m_tickCursor + 1) % n;
    }
}

void SimulatedFleet::tickDevice(size_t i, qint64 now)
{
    SimulatedDevice &device = m_devices[i];
    if (!device.isConnected()) {
        if (m_reconnectAtMs[i] >= 0 && now >= m_reconnectAtMs[i])
            connectDevice(i, false);
        return;
    }
    if (m_options.linkDropProbability > 0 && std::bernoulli_distribution(m_options.linkDropProbability)(m_rng)) {
        device.setConnected(false);
        m_engine->deviceDisconnected(device.bannerId(), m_links[i].get());
        // Exponential backoff with jitter, so a fleet that lost a tower does not reconnect in lockstep.
        m_reconnectAtMs[i] = now + device.reconnectDelayMs(m_rng);
        device.setReconnectAttempts(device.reconnectAttempts() + 1);
        return;
    }
    sendTelemetry(device, now);
}

void SimulatedFleet::sendTelemetry(const SimulatedDevice &device, qint64 now)
{
    const AircraftTelemetry t = device.telemetryAt(now);
    m_engine->telemetry(TelemetryRecord{device.bannerId(), t.latitude, t.longitude, t.heading, t.speedKnots,
                                        t.altitudeFt, t.batteryPercent, now});
}

void SimulatedFleet::submitDemoMessages()
{
    m_submissionCredit += m_options.submissionsPerSecond * m_customerTimer.interval() / 1000.0;
    const QStringList &phrases = DemoPhrases::all();
    std::uniform_int_distribution<size_t> pickDevice(0, m_devices.size() - 1);
    std::uniform_int_distribution<qsizetype> pickPhrase(0, phrases.size() - 1);
    while (m_submissionCredit >= 1.0) {
        m_submissionCredit -= 1.0;
        const qint64 banner = m_devices[pickDevice(m_rng)].bannerId();
        const QString author = QStringLiteral("demo-customer-%1").arg(m_nextRequest % 50);
        const QString requestId = QStringLiteral("demo-%1-%2").arg(m_options.seed).arg(m_nextRequest++);
        QElapsedTimer clock;
        clock.start();
        m_customers.sent();
        m_engine->execute(banner, command::Submit{phrases[pickPhrase(m_rng)], requestId}, author).then(this, [this, clock](FleetResult r) {
            if (r.ok())
                m_customers.acknowledged(clock.nsecsElapsed() / 1000);
            else
                m_customers.failed(r.error.codeName());
        });
    }
}

} // namespace airdisplay
