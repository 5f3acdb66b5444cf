#pragma once

#include <QByteArray>
#include <QString>

namespace airdisplay {

// One actor's persisted state. Version 0 means "never written": loading an absent actor gives
// version 0 and an empty payload, and a first write expects version 0.
struct ActorState
{
    QString actorType;
    QString actorId;
    qint64 version = 0;
    QByteArray payload;

    bool exists() const { return version > 0; }
};

} // namespace airdisplay
