#include "ConsoleSettings.h"

#include "ListenAddress.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace airdisplay {

ConsoleSettings ConsoleSettings::load(QSettings &settings)
{
    ConsoleSettings s;
    settings.beginGroup(QStringLiteral("engine"));
    s.database = settings.value(QStringLiteral("database"), s.database).toString();
    s.displayDurationSeconds = qBound(1, settings.value(QStringLiteral("displayDurationSeconds"), s.displayDurationSeconds).toInt(), 3600);
    s.maxTextLength = qBound(1, settings.value(QStringLiteral("maxTextLength"), s.maxTextLength).toInt(), 1000);
    s.queueLimit = qBound(1, settings.value(QStringLiteral("queueLimit"), s.queueLimit).toInt(), 1000);
    s.review = reviewPolicyFromName(settings.value(QStringLiteral("review")).toString()).value_or(s.review);
    s.demoFleetSize = qBound(0, settings.value(QStringLiteral("demoFleetSize"), s.demoFleetSize).toInt(), 1'000'000);
    settings.endGroup();
    settings.beginGroup(QStringLiteral("gateway"));
    s.listenAddress = settings.value(QStringLiteral("listen"), s.listenAddress).toString();
    s.tlsEnabled = settings.value(QStringLiteral("tls"), s.tlsEnabled).toBool();
    s.tlsCertificate = settings.value(QStringLiteral("tlsCertificate"), s.tlsCertificate).toString();
    s.tlsKey = settings.value(QStringLiteral("tlsKey"), s.tlsKey).toString();
    settings.endGroup();
    s.darkTheme = settings.value(QStringLiteral("ui/darkTheme"), s.darkTheme).toBool();
    s.alertSound = settings.value(QStringLiteral("ui/alertSound"), s.alertSound).toBool();
    return s;
}

void ConsoleSettings::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("engine"));
    settings.setValue(QStringLiteral("database"), database);
    settings.setValue(QStringLiteral("displayDurationSeconds"), displayDurationSeconds);
    settings.setValue(QStringLiteral("maxTextLength"), maxTextLength);
    settings.setValue(QStringLiteral("queueLimit"), queueLimit);
    settings.setValue(QStringLiteral("review"), reviewPolicyName(review));
    settings.setValue(QStringLiteral("demoFleetSize"), demoFleetSize);
    settings.endGroup();
    settings.beginGroup(QStringLiteral("gateway"));
    settings.setValue(QStringLiteral("listen"), listenAddress);
    settings.setValue(QStringLiteral("tls"), tlsEnabled);
    settings.setValue(QStringLiteral("tlsCertificate"), tlsCertificate);
    settings.setValue(QStringLiteral("tlsKey"), tlsKey);
    settings.endGroup();
    settings.setValue(QStringLiteral("ui/darkTheme"), darkTheme);
    settings.setValue(QStringLiteral("ui/alertSound"), alertSound);
}

QString ConsoleSettings::defaultDatabase()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("airdisplay.db"));
}

QString ConsoleSettings::databaseLocation() const
{
    return database.trimmed().isEmpty() ? defaultDatabase() : database.trimmed();
}

FleetEngineOptions ConsoleSettings::engineOptions() const
{
    FleetEngineOptions options;
    options.policy.displayDurationMs = qint64(displayDurationSeconds) * 1000;
    options.policy.maxTextLength = maxTextLength;
    options.policy.queueLimit = queueLimit;
    options.policy.review = review;
    return options;
}

std::optional<GatewayOptions> ConsoleSettings::gatewayOptions(QString *error) const
{
    if (listenAddress.trimmed().isEmpty())
        return std::nullopt;
    const std::optional<ListenAddress> at = ListenAddress::parse(listenAddress.trimmed());
    if (!at) {
        if (error)
            *error = QStringLiteral("“%1” is not an address and port such as 127.0.0.1:8470.").arg(listenAddress);
        return std::nullopt;
    }
    GatewayOptions options;
    options.address = at->address;
    options.port = at->port;
    if (tlsEnabled) {
        options.tlsCertificatePath = tlsCertificate;
        options.tlsKeyPath = tlsKey;
    }
    options.storeLocation = databaseLocation();
    return options;
}

ConsoleSettings ConsoleSettings::withChanges(const ConsoleSettings &before, const ConsoleSettings &after) const
{
    ConsoleSettings result = *this;
    auto take = [&](auto ConsoleSettings::*field) {
        if (before.*field != after.*field)
            result.*field = after.*field;
    };
    take(&ConsoleSettings::database);
    take(&ConsoleSettings::listenAddress);
    take(&ConsoleSettings::tlsEnabled);
    take(&ConsoleSettings::tlsCertificate);
    take(&ConsoleSettings::tlsKey);
    take(&ConsoleSettings::displayDurationSeconds);
    take(&ConsoleSettings::maxTextLength);
    take(&ConsoleSettings::queueLimit);
    take(&ConsoleSettings::review);
    take(&ConsoleSettings::demoFleetSize);
    take(&ConsoleSettings::darkTheme);
    take(&ConsoleSettings::alertSound);
    return result;
}

bool ConsoleSettings::needsRestartComparedTo(const ConsoleSettings &other) const
{
    return databaseLocation() != other.databaseLocation() || displayDurationSeconds != other.displayDurationSeconds
        || maxTextLength != other.maxTextLength || queueLimit != other.queueLimit || review != other.review
        || demoFleetSize != other.demoFleetSize || listenAddress != other.listenAddress
        || tlsEnabled != other.tlsEnabled || tlsCertificate != other.tlsCertificate || tlsKey != other.tlsKey;
}

} // namespace airdisplay
