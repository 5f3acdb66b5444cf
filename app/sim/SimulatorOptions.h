#pragma once

#include "DeviceCredential.h"
#include "SimulationOptions.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace airdisplay {

// What one airdisplay-sim run does, from its command line.
struct SimulatorOptions
{
    QUrl url;
    QList<DeviceCredential> devices; // empty: customers only
    QList<qint64> bannerIds;         // where customers submit
    SimulationOptions simulation;
    int connectConcurrency = 128; // all device threads together
    int deviceThreads = 1;
    qint64 pingIntervalMs = 5000;
    bool ignoreSslErrors = false;

    int customers = 0;
    QString customerToken;
    qint64 submissions = 0; // 0: until the run ends
    qint64 answerTimeoutMs = 5000;
    QString ackLogPath;

    qint64 durationMs = 0; // 0: until SIGINT or SIGTERM
    qint64 reportIntervalMs = 5000;
    qint64 serverPid = 0;
};

} // namespace airdisplay
