#pragma once

#include "DeviceCredential.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

namespace airdisplay {

// Provisions a simulated fleet through the gateway's admin API: registers banners
// first..first+count-1 (callsigns BNR-<id>) with POST /api/v1/banners, then mints one device token
// per banner with POST /api/v1/tokens, in batches that stay under the gateway's per-request bounds.
// Banners registered already are kept, so a run can be repeated against the same database.
class FleetProvisioner : public QObject
{
    Q_OBJECT

public:
    // gateway: the simulator's ws:// or wss:// URL; REST is on the same port.
    FleetProvisioner(const QUrl &gateway, const QString &adminToken, qint64 first, qint64 count, bool ignoreSslErrors,
                     QObject *parent = nullptr);

    void start();

signals:
    void provisioned(const QList<DeviceCredential> &devices);
    void failed(const QString &error);

private:
    void registerNext();
    void mintNext();
    void post(const QString &path, const QJsonObject &body, const std::function<void(const QJsonObject &)> &onSuccess);

    QUrl m_base;
    QString m_token;
    qint64 m_first;
    qint64 m_count;
    bool m_ignoreSslErrors;
    qint64 m_next = 0; // offset of the next batch
    QList<DeviceCredential> m_devices;
    QNetworkAccessManager m_network;
};

} // namespace airdisplay
