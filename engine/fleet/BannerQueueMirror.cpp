#include "BannerQueueMirror.h"

namespace airdisplay {

namespace {

int indexOfMessage(const QList<BannerMessage> &queue, qint64 id)
{
    for (int i = 0; i < queue.size(); ++i) {
        if (queue.at(i).id == id)
            return i;
    }
    return -1;
}

} // namespace

BannerQueueMirror::Applied BannerQueueMirror::apply(const FleetEvent &event)
{
    const qint64 seq = event.record.bannerSeq;
    if (seq <= m_lastSeq)
        return Applied::Stale;
    if (seq != m_lastSeq + 1)
        return Applied::Gap;
    m_lastSeq = seq;
    applyChange(event);
    if (event.hasSummary) {
        m_lastSummary = event.banner;
        m_paused = event.banner.paused;
        m_linkUp = event.banner.linkUp;
    }
    return Applied::Applied;
}

void BannerQueueMirror::applyChange(const FleetEvent &event)
{
    if (!event.type)
        return;
    const BannerEventType type = *event.type;
    if (type == BannerEventType::MessageMoved) {
        const int from = indexOfMessage(m_queue, event.movedMessageId);
        const int to = event.movedTo - 1;
        if (from >= 0 && to >= 0 && to < m_queue.size())
            m_queue.move(from, to);
        return;
    }
    if (!event.message)
        return;
    const BannerMessage &message = *event.message;
    const int index = indexOfMessage(m_queue, message.id);
    switch (type) {
    case BannerEventType::MessageQueued:
    case BannerEventType::MessageHeld:
        if (index < 0)
            m_queue.insert(qBound(0, event.position - 1, int(m_queue.size())), message);
        break;
    case BannerEventType::MessageApproved:
        if (index >= 0)
            m_queue[index] = message;
        break;
    case BannerEventType::MessageSent:
    case BannerEventType::MessageDisplaying:
        if (index >= 0)
            m_queue.removeAt(index);
        m_current = message;
        break;
    case BannerEventType::MessageShown:
    case BannerEventType::MessageBlanked:
    case BannerEventType::MessageInterrupted:
        if (m_current && m_current->id == message.id)
            m_current.reset();
        break;
    case BannerEventType::MessagePreempted:
        if (m_current && m_current->id == message.id)
            m_current.reset();
        if (index < 0)
            m_queue.insert(qBound(0, event.position - 1, int(m_queue.size())), message);
        break;
    case BannerEventType::MessageCancelled:
    case BannerEventType::MessageRemoved:
    case BannerEventType::MessageRejected:
        if (index >= 0)
            m_queue.removeAt(index);
        break;
    default:
        break;
    }
}

void BannerQueueMirror::reset(const BannerState &state, bool linkUp)
{
    m_current = state.current;
    m_queue = state.queue;
    m_paused = state.paused;
    m_linkUp = linkUp;
    m_lastSeq = state.nextSeq - 1;
    m_lastSummary = state.summary(linkUp);
}

bool BannerQueueMirror::isConsistent() const
{
    return m_queue.size() == m_lastSummary.queueLength
        && (m_current ? m_current->id : 0) == m_lastSummary.currentMessageId;
}

} // namespace airdisplay
