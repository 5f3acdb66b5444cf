#pragma once

#include "Role.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace airdisplay {

// airdisplayd as a child process on a given database and a free loopback port, as an operator
// would run it: tokens are minted in its database, it is started, waited for, killed or stopped.
class DaemonProcess
{
public:
    DaemonProcess(QString binary, QString database);
    ~DaemonProcess();

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    const QString &database() const { return m_database; }

    // A new token in the daemon's database (the same store `airdisplayd token create` writes);
    // empty on failure. Works whether or not the daemon runs.
    QString createToken(Role role, qint64 bannerId = 0) const;
    // Device tokens of banners first..first+count-1, as `BANNER_ID TOKEN` lines for airdisplay-sim.
    bool writeDeviceTokens(const QString &path, qint64 first, qint64 count) const;

    // Starts airdisplayd with --db, --listen and `arguments`; true once it has answered for banner
    // `lastBanner` (registered by --register-demo-fleet), or for the banner list when it is 0, with `token`.
    bool start(const QStringList &arguments, const QByteArray &token, qint64 lastBanner, int timeoutMs = 60'000);
    // SIGKILL: no shutdown, no flush.
    void kill();
    // SIGTERM: a clean shutdown; true if it exited normally with code 0.
    bool stop(int timeoutMs = 30'000);

    static quint16 freePort();

private:
    const QString m_binary;
    const QString m_database;
    quint16 m_port;
    std::unique_ptr<QProcess> m_process;
};

} // namespace airdisplay
