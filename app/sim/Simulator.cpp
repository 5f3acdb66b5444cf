#include "Simulator.h"

#include "SimLogging.h"
#include "WebSocketCustomers.h"
#include "WebSocketFleet.h"

#include <QDateTime>
#include <QStringList>
#include <QThread>

#include <unistd.h>

namespace airdisplay {

namespace {
QString errorList(const QMap<QString, qint64> &errors)
{
    QStringList parts;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    return parts.join(QStringLiteral(", "));
}
} // namespace

Simulator::Simulator(SimulatorOptions options, QTextStream &out, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_out(out), m_self(::getpid())
{
    if (m_options.serverPid > 0)
        m_server.emplace(m_options.serverPid);
    connect(&m_reportTimer, &QTimer::timeout, this, &Simulator::report);
    m_durationTimer.setSingleShot(true);
    connect(&m_durationTimer, &QTimer::timeout, this, &Simulator::finish);
}

Simulator::~Simulator()
{
    for (auto &thread : m_threads) {
        thread->quit();
        thread->wait();
    }
}

int Simulator::connectedCount() const
{
    int online = 0;
    for (const WebSocketFleet *fleet : m_fleets)
        online += fleet->connectedCount();
    return online;
}

int Simulator::deviceCount() const
{
    return int(m_options.devices.size());
}

bool Simulator::start(QString &error)
{
    if (!m_options.ackLogPath.isEmpty()) {
        m_ackLog.setFileName(m_options.ackLogPath);
        if (!m_ackLog.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            error = QStringLiteral("cannot write %1: %2").arg(m_options.ackLogPath, m_ackLog.errorString());
            return false;
        }
    }
    m_clock.start();
    const int threads = qBound(1, m_options.deviceThreads, qMax(1, int(m_options.devices.size())));
    const qsizetype perThread = (m_options.devices.size() + threads - 1) / threads;
    for (qsizetype from = 0; from < m_options.devices.size(); from += perThread) {
        auto *fleet = new WebSocketFleet(m_options.url, m_options.devices.mid(from, perThread), m_options.simulation);
        fleet->setConnectConcurrency(qMax(1, m_options.connectConcurrency / threads));
        fleet->setPingIntervalMs(m_options.pingIntervalMs);
        fleet->setIgnoreSslErrors(m_options.ignoreSslErrors);
        connect(fleet, &WebSocketFleet::allConnected, this, [this] {
            if (++m_fleetsOnline < int(m_fleets.size()))
                return;
            m_connectMs = m_clock.elapsed();
            // Pongs count telemetry one ping interval late: the window opens once that lag is
            // as large as it will be at its end, so that it does not bias the absorbed rate.
            QTimer::singleShot(int(m_options.pingIntervalMs), this, [this] {
                if (!m_finished)
                    m_steadyFrom = sample();
            });
            m_out << "devices: all " << deviceCount() << " online after " << QString::number(m_connectMs / 1000.0, 'f', 1) << " s"
                  << Qt::endl;
        });
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("devices-%1").arg(m_threads.size() + 1));
        fleet->moveToThread(thread.get());
        connect(thread.get(), &QThread::finished, fleet, &QObject::deleteLater);
        thread->start();
        QMetaObject::invokeMethod(fleet, &WebSocketFleet::start);
        m_fleets.push_back(fleet);
        m_threads.push_back(std::move(thread));
    }
    if (m_options.customers > 0) {
        WebSocketCustomers::Options o;
        o.customers = m_options.customers;
        o.submissionsPerSecond = m_options.simulation.submissionsPerSecond;
        o.maxSubmissions = m_options.submissions;
        o.answerTimeoutMs = m_options.answerTimeoutMs;
        o.seed = m_options.simulation.seed;
        o.ignoreSslErrors = m_options.ignoreSslErrors;
        m_customers = std::make_unique<WebSocketCustomers>(m_options.url, m_options.customerToken, m_options.bannerIds, o);
        connect(m_customers.get(), &WebSocketCustomers::acknowledged, this, &Simulator::onAcknowledged);
        connect(m_customers.get(), &WebSocketCustomers::finished, this, [this] {
            if (m_ackLog.isOpen())
                m_ackLog.flush();
            m_out << "customers: finished, " << m_customers->stats().summary() << Qt::endl;
            // Without devices nothing else is running; with them, their displays go on.
            if (m_fleets.empty())
                finish();
        });
        m_customers->start();
    }
    m_lastReport = sample();
    if (m_options.reportIntervalMs > 0)
        m_reportTimer.start(int(m_options.reportIntervalMs));
    if (m_options.durationMs > 0)
        m_durationTimer.start(int(m_options.durationMs));
    return true;
}

Simulator::Sample Simulator::sample() const
{
    Sample s;
    s.atMs = m_clock.elapsed();
    for (const WebSocketFleet *fleet : m_fleets) {
        s.absorbed += fleet->telemetryAbsorbed();
        s.sent += fleet->telemetrySent();
    }
    if (m_server)
        s.serverCpuSeconds = m_server->cpuSeconds();
    s.ownCpuSeconds = m_self.cpuSeconds();
    return s;
}

void Simulator::onAcknowledged(const CustomerAcknowledgement &ack)
{
    if (!m_ackLog.isOpen())
        return;
    // One line per acknowledgement: what a checker needs to hold the gateway to its promise.
    QTextStream line(&m_ackLog);
    line << ack.bannerId << ' ' << ack.messageId << ' ' << ack.requestId << ' ' << ack.sentMs << ' ' << ack.ackMs << ' '
         << ack.attempts << ' ' << (ack.duplicate ? 1 : 0) << '\n';
}

void Simulator::report()
{
    const Sample now = sample();
    const double seconds = qMax<qint64>(1, now.atMs - m_lastReport.atMs) / 1000.0;
    if (!m_fleets.empty()) {
        qint64 linkLosses = 0, injected = 0, shows = 0, blanks = 0, confirmations = 0;
        QMap<QString, qint64> errors;
        for (const WebSocketFleet *fleet : m_fleets) {
            linkLosses += fleet->linkLosses();
            injected += fleet->injectedDrops();
            shows += fleet->showCommands();
            blanks += fleet->blankCommands();
            confirmations += fleet->confirmationsSent();
            const QMap<QString, qint64> e = fleet->errors();
            for (auto it = e.cbegin(); it != e.cend(); ++it)
                errors[it.key()] += it.value();
        }
        const int online = connectedCount();
        m_peakConnected = qMax(m_peakConnected, online);
        m_out << "devices: online " << online << '/' << deviceCount() << ", telemetry "
              << qRound64(double(now.sent - m_lastReport.sent) / seconds) << "/s sent, "
              << qRound64(double(now.absorbed - m_lastReport.absorbed) / seconds) << "/s absorbed, links lost " << linkLosses
              << " (" << injected << " injected), shows " << shows << ", blanks " << blanks << ", confirmations " << confirmations;
        if (!errors.isEmpty())
            m_out << ", errors {" << errorList(errors) << '}';
        m_out << Qt::endl;
    }
    if (m_customers) {
        m_out << "customers: " << m_customers->stats().summary() << ", retries " << m_customers->retries() << ", waiting "
              << m_customers->waiting() << Qt::endl;
    }
    if (m_server && now.serverCpuSeconds >= 0) {
        m_out << "server: rss " << QString::number(double(m_server->residentKiB()) / 1024.0, 'f', 1) << " MiB, cpu "
              << qRound(100.0 * (now.serverCpuSeconds - m_lastReport.serverCpuSeconds) / seconds) << "%; simulator cpu "
              << qRound(100.0 * (now.ownCpuSeconds - m_lastReport.ownCpuSeconds) / seconds) << '%' << Qt::endl;
    }
    m_lastReport = now;
}

void Simulator::bench(const char *name, double value, const char *unit)
{
    m_out << "bench: " << name << ' ' << QString::number(value, 'f', 3) << ' ' << unit << Qt::endl;
}

void Simulator::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_reportTimer.stop();
    m_durationTimer.stop();
    report();

    if (!m_fleets.empty()) {
        const Sample end = sample();
        const Sample from = m_steadyFrom.value_or(Sample{});
        const double seconds = qMax<qint64>(1, end.atMs - from.atMs) / 1000.0;
        const int online = connectedCount();
        bench("sim_devices", deviceCount(), "devices");
        bench("sim_device_threads", double(m_fleets.size()), "threads");
        bench("sim_connections_held", online, "connections");
        bench("sim_connections_peak", m_peakConnected, "connections");
        if (m_connectMs >= 0)
            bench("sim_connect_all", m_connectMs / 1000.0, "s");
        bench("sim_telemetry_sent", double(end.sent - from.sent) / seconds, "frames/s");
        bench("sim_telemetry_absorbed", double(end.absorbed - from.absorbed) / seconds, "frames/s");
        if (m_server) {
            const qint64 rss = m_server->residentKiB();
            bench("sim_server_rss", double(rss) / 1024.0, "MiB");
            if (online > 0)
                bench("sim_server_rss_per_connection", double(rss) / online, "KiB");
            if (from.serverCpuSeconds >= 0 && end.serverCpuSeconds >= 0)
                bench("sim_server_cpu", 100.0 * (end.serverCpuSeconds - from.serverCpuSeconds) / seconds, "%");
        }
        bench("sim_process_rss", double(m_self.residentKiB()) / 1024.0, "MiB");
        bench("sim_process_cpu", 100.0 * (end.ownCpuSeconds - from.ownCpuSeconds) / seconds, "%");
        for (WebSocketFleet *fleet : m_fleets)
            QMetaObject::invokeMethod(fleet, &WebSocketFleet::stop, Qt::BlockingQueuedConnection);
    }
    if (m_customers) {
        const CustomerStats &stats = m_customers->stats();
        m_out << "customers: final: " << stats.summary() << ", retries " << m_customers->retries() << ", unanswered "
              << m_customers->waiting() << Qt::endl;
        bench("sim_submissions_acknowledged", double(stats.acknowledgedCount()), "messages");
        bench("sim_ack_latency_p50", stats.latencyUs(0.5) / 1000.0, "ms");
        bench("sim_ack_latency_p99", stats.latencyUs(0.99) / 1000.0, "ms");
        m_customers->stop();
    }
    if (m_ackLog.isOpen())
        m_ackLog.close();
    qCInfo(lcSim) << "run finished after" << m_clock.elapsed() / 1000.0 << "s";
    emit finished();
}

} // namespace airdisplay
