#pragma once

#include <QByteArray>
#include <QString>

namespace airdisplay {

// One optimistic write of an actor's state: it applies only if the stored version is still
// expectedVersion (0: the actor has no stored state yet); the stored version becomes
// expectedVersion + 1, or the row is deleted when removed is set.
struct StateWrite
{
    QString actorType;
    QString actorId;
    qint64 expectedVersion = 0;
    QByteArray payload;
    bool removed = false;
};

} // namespace airdisplay
