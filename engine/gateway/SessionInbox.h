#pragma once

#include "DeviceCommand.h"
#include "EventRecord.h"

#include <QHash>
#include <QList>
#include <QMutex>

namespace airdisplay {

class ClientSession;

// The hand-off from engine threads to one WebSocket session on the gateway thread. Engine threads
// only append under a short lock and wake the session once per batch; they never wait for the
// client. Past maxEvents the inbox keeps only the latest event per banner (the session turns it
// into state frames); past maxBanners of those the session is told it lost track and closes.
// Shared (shared_ptr) with the engine's handlers, which may outlive the session: detach() first.
class SessionInbox
{
public:
    struct Batch
    {
        QList<EventRecord> events;             // in sequence order
        QHash<qint64, EventRecord> coalesced;  // latest per banner, past the event limit
        qint64 firstCoalescedSeq = 0;
        QList<DeviceCommand> commands;
        bool overflowed = false;               // more banners than could be tracked
    };

    SessionInbox(ClientSession *session, int maxEvents, int maxBanners);

    void pushEvents(const QList<EventRecord> &events); // any thread
    void pushCommand(const DeviceCommand &command);   // any thread
    Batch take();                                     // the session's thread
    void detach();                                    // the session's thread, before it goes

private:
    void wakeLocked();

    QMutex m_mutex;
    ClientSession *m_session;
    const int m_maxEvents;
    const int m_maxBanners;
    Batch m_batch;
    bool m_wakePending = false;
};

} // namespace airdisplay
