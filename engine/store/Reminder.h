#pragma once

#include <QByteArray>
#include <QString>

namespace airdisplay {

// A durable reminder: identified by (actorType, actorId, name). Firing does not delete it; the owner
// deletes or reschedules it in a later write batch, so a crash in between fires it again.
struct Reminder
{
    QString actorType;
    QString actorId;
    QString name;
    qint64 dueMs = 0;
    qint64 periodMs = 0; // 0: one-shot. The owner reschedules a periodic reminder to dueMs + periodMs.
    QByteArray payload;
};

} // namespace airdisplay
