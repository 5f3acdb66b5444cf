#include "ProtocolFrames.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace airdisplay {

QString ProtocolFrames::auth(const QString &token)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("auth")},
                                                       {QStringLiteral("token"), token}})
                                 .toJson(QJsonDocument::Compact));
}

QString ProtocolFrames::ping(qint64 id)
{
    return QStringLiteral(R"({"type":"ping","id":%1})").arg(id);
}

QString ProtocolFrames::hello(std::optional<qint64> showing)
{
    if (!showing)
        return QStringLiteral(R"({"type":"hello"})");
    return QStringLiteral(R"({"type":"hello","showing":%1})").arg(*showing);
}

QString ProtocolFrames::telemetry(const AircraftTelemetry &t)
{
    // Six decimals of a degree are 0.1 m; the rest are rounded to what an avionics bus reports.
    char frame[192];
    const int n = std::snprintf(frame, sizeof frame,
                                R"({"type":"telemetry","lat":%.6f,"lon":%.6f,"heading":%.1f,"speed":%.1f,"altitude":%.0f,"battery":%.1f})",
                                t.latitude, t.longitude, t.heading, t.speedKnots, t.altitudeFt, t.batteryPercent);
    return QString::fromLatin1(frame, qMin(n, int(sizeof frame) - 1));
}

QString ProtocolFrames::displayed(qint64 messageId)
{
    return QStringLiteral(R"({"type":"displayed","messageId":%1})").arg(messageId);
}

QString ProtocolFrames::blanked()
{
    return QStringLiteral(R"({"type":"blanked"})");
}

QString ProtocolFrames::submit(qint64 bannerId, const QString &text, const QString &requestId)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("submit")},
                                                       {QStringLiteral("bannerId"), double(bannerId)},
                                                       {QStringLiteral("text"), text},
                                                       {QStringLiteral("requestId"), requestId},
                                                       {QStringLiteral("id"), requestId}})
                                 .toJson(QJsonDocument::Compact));
}

} // namespace airdisplay
