#include "SessionInbox.h"

#include "ClientSession.h"

namespace airdisplay {

SessionInbox::SessionInbox(ClientSession *session, int maxEvents, int maxBanners)
    : m_session(session), m_maxEvents(maxEvents), m_maxBanners(maxBanners)
{
}

void SessionInbox::pushEvents(const QList<EventRecord> &events)
{
    QMutexLocker locker(&m_mutex);
    if (!m_session)
        return;
    for (const EventRecord &e : events) {
        if (m_batch.coalesced.isEmpty() && m_batch.events.size() < m_maxEvents) {
            m_batch.events.append(e);
            continue;
        }
        if (m_batch.coalesced.isEmpty())
            m_batch.firstCoalescedSeq = e.globalSeq;
        if (m_batch.coalesced.size() >= m_maxBanners && !m_batch.coalesced.contains(e.bannerId)) {
            m_batch.overflowed = true;
            continue;
        }
        m_batch.coalesced.insert(e.bannerId, e);
    }
    wakeLocked();
}

void SessionInbox::pushCommand(const DeviceCommand &command)
{
    QMutexLocker locker(&m_mutex);
    if (!m_session)
        return;
    m_batch.commands.append(command);
    wakeLocked();
}

void SessionInbox::wakeLocked()
{
    if (m_wakePending)
        return;
    m_wakePending = true;
    // Posted while the lock is held: detach() takes the lock before the session is destroyed, and
    // a destroyed receiver's posted calls are discarded, so this never reaches a dead session.
    QMetaObject::invokeMethod(m_session, &ClientSession::drainInbox, Qt::QueuedConnection);
}

SessionInbox::Batch SessionInbox::take()
{
    QMutexLocker locker(&m_mutex);
    m_wakePending = false;
    return std::exchange(m_batch, Batch());
}

void SessionInbox::detach()
{
    QMutexLocker locker(&m_mutex);
    m_session = nullptr;
    m_batch = Batch();
}

} // namespace airdisplay
