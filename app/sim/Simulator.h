#pragma once

#include "CustomerAcknowledgement.h"
#include "ServerProbe.h"
#include "SimulatorOptions.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTextStream>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace airdisplay {

class WebSocketCustomers;
class WebSocketFleet;

// One airdisplay-sim run: the devices and customers, a status report every few seconds, and at
// the end the customers' summary and the `bench:` lines (connections held, telemetry the server
// absorbed, the server's memory and CPU when its pid is known).
class Simulator : public QObject
{
    Q_OBJECT

public:
    Simulator(SimulatorOptions options, QTextStream &out, QObject *parent = nullptr);
    ~Simulator() override;

    // False with a message when the ack log cannot be written.
    bool start(QString &error);
    // Prints the final report and closes every connection; emits finished().
    void finish();

signals:
    void finished();

private:
    struct Sample
    {
        qint64 atMs = 0;
        qint64 absorbed = 0;
        qint64 sent = 0;
        double serverCpuSeconds = -1;
        double ownCpuSeconds = -1;
    };

    void report();
    void onAcknowledged(const CustomerAcknowledgement &ack);
    Sample sample() const;
    int connectedCount() const;
    int deviceCount() const;
    void bench(const char *name, double value, const char *unit);

    const SimulatorOptions m_options;
    QTextStream &m_out;
    // The devices, split over fleets on threads of their own; each fleet is deleted on its thread.
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<WebSocketFleet *> m_fleets;
    int m_fleetsOnline = 0;
    std::unique_ptr<WebSocketCustomers> m_customers;
    std::optional<ServerProbe> m_server;
    const ServerProbe m_self;
    QFile m_ackLog;
    QTimer m_reportTimer;
    QTimer m_durationTimer;
    QElapsedTimer m_clock;
    Sample m_lastReport;
    // The steady window of the benchmark: from shortly after every device is connected.
    std::optional<Sample> m_steadyFrom;
    qint64 m_connectMs = -1;
    int m_peakConnected = 0;
    bool m_finished = false;
};

} // namespace airdisplay
