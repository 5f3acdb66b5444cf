#include "DaemonProcess.h"

#include "RestClient.h"
#include "StoreUrl.h"
#include "TokenStore.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTcpServer>
#include <QThread>

namespace airdisplay {

DaemonProcess::DaemonProcess(QString binary, QString database)
    : m_binary(std::move(binary)), m_database(std::move(database)), m_port(freePort())
{
}

DaemonProcess::~DaemonProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        kill();
}

quint16 DaemonProcess::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString DaemonProcess::createToken(Role role, qint64 bannerId) const
{
    const StoreResult<StoreUrl> url = StoreUrl::parse(m_database);
    TokenStore tokens;
    if (!url || tokens.open(url.value()).isError())
        return {};
    const StoreResult<TokenStore::Created> created = tokens.create(roleName(role), bannerId, QStringLiteral("e2e"));
    return created ? created->token : QString();
}

bool DaemonProcess::writeDeviceTokens(const QString &path, qint64 first, qint64 count) const
{
    const StoreResult<StoreUrl> url = StoreUrl::parse(m_database);
    TokenStore tokens;
    QFile file(path);
    if (!url || tokens.open(url.value()).isError() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    for (qint64 id = first; id < first + count; ++id) {
        const StoreResult<TokenStore::Created> created = tokens.create(roleName(Role::Device), id, QStringLiteral("sim"));
        if (!created)
            return false;
        file.write(QByteArray::number(id) + ' ' + created->token.toLatin1() + '\n');
    }
    return file.flush();
}

bool DaemonProcess::start(const QStringList &arguments, const QByteArray &token, qint64 lastBanner, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->start(m_binary, QStringList{QStringLiteral("--db"), m_database, QStringLiteral("--listen"),
                                           QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("--metrics-interval"),
                                           QStringLiteral("0")}
                                   + arguments);
    if (!m_process->waitForStarted(10'000))
        return false;
    const RestClient rest(m_port, token);
    // Without a banner to wait for, the listing answers as soon as the gateway is up.
    const QByteArray probe = lastBanner > 0 ? "/api/v1/banners/" + QByteArray::number(lastBanner) : QByteArray("/api/v1/banners");
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning)
            return false;
        if (rest.get(probe, 2000).status == 200)
            return true;
        QThread::msleep(50);
    }
    return false;
}

void DaemonProcess::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(10'000);
}

bool DaemonProcess::stop(int timeoutMs)
{
    if (!m_process)
        return false;
    m_process->terminate();
    return m_process->waitForFinished(timeoutMs) && m_process->exitStatus() == QProcess::NormalExit
        && m_process->exitCode() == 0;
}

} // namespace airdisplay
