#include "ReminderOp.h"

namespace airdisplay {

namespace {
const QString kEndPrefix = QStringLiteral("end:");
}

QString ReminderOp::endOfDisplayName(qint64 messageId)
{
    return kEndPrefix + QString::number(messageId);
}

qint64 ReminderOp::messageOf(const QString &name)
{
    if (!name.startsWith(kEndPrefix))
        return 0;
    bool ok = false;
    const qint64 id = QStringView(name).mid(kEndPrefix.size()).toLongLong(&ok);
    return ok ? id : 0;
}

} // namespace airdisplay
