#pragma once

#include "DeviceLink.h"
#include "FleetEngine.h"

#include <QList>
#include <QMutex>

// An in-process banner device: records what it is told and, if asked to, confirms every show at
// once the way a real device answers once the message is in the sky.
class FakeDevice : public airdisplay::DeviceLink
{
public:
    FakeDevice(airdisplay::FleetEngine *engine, qint64 bannerId, bool confirms)
        : m_engine(engine), m_bannerId(bannerId), m_confirms(confirms) {}

    void send(const airdisplay::DeviceCommand &command) override
    {
        {
            QMutexLocker locker(&m_mutex);
            m_commands.append(command);
        }
        if (m_confirms && command.kind == airdisplay::DeviceCommand::Kind::Show)
            m_engine->execute(m_bannerId, airdisplay::command::Displayed{command.messageId});
    }

    QList<airdisplay::DeviceCommand> commands() const
    {
        QMutexLocker locker(&m_mutex);
        return m_commands;
    }
    // The message of the last show, or 0 if the last command was a blank.
    qint64 showing() const
    {
        QMutexLocker locker(&m_mutex);
        if (m_commands.isEmpty() || m_commands.last().kind != airdisplay::DeviceCommand::Kind::Show)
            return 0;
        return m_commands.last().messageId;
    }

private:
    airdisplay::FleetEngine *m_engine;
    qint64 m_bannerId;
    bool m_confirms;
    mutable QMutex m_mutex;
    QList<airdisplay::DeviceCommand> m_commands;
};
