#pragma once

#include "EventRecord.h"

#include <QList>
#include <QMutex>

// Collects the events a subscription delivers, for a test to inspect from its own thread.
class EventRecorder
{
public:
    void record(const QList<airdisplay::EventRecord> &events)
    {
        QMutexLocker locker(&m_mutex);
        m_events += events;
    }
    QList<airdisplay::EventRecord> events() const
    {
        QMutexLocker locker(&m_mutex);
        return m_events;
    }
    int count(const QString &type) const
    {
        QMutexLocker locker(&m_mutex);
        int n = 0;
        for (const auto &e : m_events)
            n += e.type == type ? 1 : 0;
        return n;
    }

private:
    mutable QMutex m_mutex;
    QList<airdisplay::EventRecord> m_events;
};
