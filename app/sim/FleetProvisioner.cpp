#include "FleetProvisioner.h"

#include "SimLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace airdisplay {

namespace {
// The gateway takes at most 1,000 entries and 16 KiB per request: 250 banners with callsigns and
// 1,000 banner ids stay under both.
constexpr qint64 kBannerBatch = 250;
constexpr qint64 kTokenBatch = 1000;
} // namespace

FleetProvisioner::FleetProvisioner(const QUrl &gateway, const QString &adminToken, qint64 first, qint64 count,
                                   bool ignoreSslErrors, QObject *parent)
    : QObject(parent), m_token(adminToken), m_first(first), m_count(count), m_ignoreSslErrors(ignoreSslErrors)
{
    m_base = gateway;
    m_base.setScheme(gateway.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
    m_base.setPath({});
}

void FleetProvisioner::start()
{
    m_next = 0;
    m_devices.clear();
    registerNext();
}

void FleetProvisioner::registerNext()
{
    if (m_next >= m_count) {
        m_next = 0;
        return mintNext();
    }
    QJsonArray banners;
    const qint64 end = qMin(m_count, m_next + kBannerBatch);
    for (qint64 i = m_next; i < end; ++i)
        banners.append(QJsonObject{{QStringLiteral("id"), double(m_first + i)},
                                   {QStringLiteral("callsign"), QStringLiteral("BNR-%1").arg(m_first + i, 5, 10, QLatin1Char('0'))}});
    post(QStringLiteral("/api/v1/banners"), {{QStringLiteral("banners"), banners}}, [this, end](const QJsonObject &) {
        m_next = end;
        registerNext();
    });
}

void FleetProvisioner::mintNext()
{
    if (m_next >= m_count) {
        qCInfo(lcSim) << "provisioned" << m_devices.size() << "banners and device tokens";
        emit provisioned(m_devices);
        return;
    }
    QJsonArray ids;
    const qint64 end = qMin(m_count, m_next + kTokenBatch);
    for (qint64 i = m_next; i < end; ++i)
        ids.append(double(m_first + i));
    const QJsonObject body{{QStringLiteral("role"), QStringLiteral("device")}, {QStringLiteral("bannerIds"), ids},
                           {QStringLiteral("label"), QStringLiteral("airdisplay-sim")}};
    post(QStringLiteral("/api/v1/tokens"), body, [this, end](const QJsonObject &answer) {
        for (const QJsonValue &t : answer.value(QStringLiteral("tokens")).toArray()) {
            const QJsonObject token = t.toObject();
            m_devices.append(DeviceCredential{qint64(token.value(QStringLiteral("bannerId")).toDouble()),
                                              token.value(QStringLiteral("token")).toString()});
        }
        m_next = end;
        mintNext();
    });
}

void FleetProvisioner::post(const QString &path, const QJsonObject &body, const std::function<void(const QJsonObject &)> &onSuccess)
{
    QUrl url = m_base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (m_ignoreSslErrors)
        reply->ignoreSslErrors();
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, onSuccess] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        if (status == 200 || status == 201)
            return onSuccess(answer);
        const QJsonObject error = answer.value(QStringLiteral("error")).toObject();
        QString message = status == 0 ? reply->errorString()
                                       : QStringLiteral("HTTP %1 %2: %3").arg(status).arg(error.value(QStringLiteral("code")).toString(),
                                                                                         error.value(QStringLiteral("message")).toString());
        if (status == 403)
            message += QStringLiteral(" (provisioning needs an admin --token; otherwise give --device-tokens FILE)");
        emit failed(QStringLiteral("POST %1 failed: %2").arg(path, message));
    });
}

} // namespace airdisplay
