#include "DeviceTokenFile.h"

#include <QFile>
#include <QRegularExpression>
#include <QTextStream>

namespace airdisplay {

std::optional<QHash<qint64, QString>> DeviceTokenFile::load(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QHash<qint64, QString> tokens;
    QTextStream in(&file);
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    for (int lineNumber = 1; !in.atEnd(); ++lineNumber) {
        const QString line = in.readLine().section(QLatin1Char('#'), 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(blanks);
        bool ok = false;
        const qint64 banner = fields.value(0).toLongLong(&ok);
        if (fields.size() != 2 || !ok || banner <= 0) {
            error = QStringLiteral("%1:%2: expected \"BANNER_ID TOKEN\"").arg(path).arg(lineNumber);
            return std::nullopt;
        }
        tokens.insert(banner, fields.at(1));
    }
    return tokens;
}

} // namespace airdisplay
