#pragma once

#include "BannerMessage.h"
#include "BannerState.h"
#include "BannerSummary.h"
#include "FleetEvent.h"

#include <QList>

#include <optional>

namespace airdisplay {

// A copy of one banner's queue kept up to date from its committed events, for an observer (the
// console's queue view) that cannot ask the actor on every change. The queue's transitions live
// here, beside the state machine that made them, and nowhere outside the fleet.
class BannerQueueMirror
{
public:
    enum class Applied {
        Applied, // the event was the next one and changed the copy
        Stale,   // already in the copy (an event at or before the last applied)
        Gap,     // an event is missing: read the banner's state and reset()
    };

    Applied apply(const FleetEvent &event);
    // From the banner's state as its actor reports it; events after it are applied next.
    void reset(const BannerState &state, bool linkUp);
    // The copy matches the summary the last applied event carried (queue length, current message):
    // a mismatch means it drifted (a lost event) and needs a reset.
    bool isConsistent() const;

    qint64 lastSeq() const { return m_lastSeq; }
    void setLastSeq(qint64 seq) { m_lastSeq = seq; }
    const std::optional<BannerMessage> &current() const { return m_current; }
    const QList<BannerMessage> &queue() const { return m_queue; }
    bool isPaused() const { return m_paused; }
    bool isLinkUp() const { return m_linkUp; }

private:
    void applyChange(const FleetEvent &event);

    qint64 m_lastSeq = 0;
    std::optional<BannerMessage> m_current;
    QList<BannerMessage> m_queue;
    bool m_paused = false;
    bool m_linkUp = false;
    BannerSummary m_lastSummary;
};

} // namespace airdisplay
