#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace airdisplay {

class RestClient;

// Holds the gateway to its promises, from its event log (GET /api/v1/events): every acknowledged
// message was queued exactly once, confirmed by its device, displayed for its full time in queue
// order, never while another one displayed on the same banner, and then ended.
class DisplayAudit
{
public:
    // What a client was told, and when it asked and heard.
    struct Acknowledgement
    {
        qint64 bannerId = 0;
        qint64 messageId = 0;
        QString requestId;
        qint64 sentMs = 0;
        qint64 ackMs = 0;
    };

    // airdisplay-sim's --ack-log.
    static QList<Acknowledgement> readAckLog(const QString &path);

    explicit DisplayAudit(const RestClient &rest) : m_rest(rest) {}

    // Reads the events after those already read; false when the gateway did not answer.
    bool fetch();
    // Every message in `acks` has ended (shown, blanked or interrupted).
    bool allEnded(const QList<Acknowledgement> &acks) const;
    int eventCount(const QString &type) const;

    // Everything that broke a promise; empty when all was kept. A display may end up to
    // `lateToleranceMs` after its due time, and later only if `overdueSinceMs` (a restart) came
    // after the due time: then it must end within the tolerance of that.
    QStringList problems(const QList<Acknowledgement> &acks, qint64 displayMs, qint64 lateToleranceMs,
                         qint64 overdueSinceMs = 0) const;

private:
    struct Event
    {
        qint64 seq = 0;
        qint64 bannerId = 0;
        QString type;
        qint64 messageId = 0;
        QString requestId;
        qint64 startedMs = 0;
        qint64 endedMs = 0;
    };

    const RestClient &m_rest;
    QList<Event> m_events;
    QHash<qint64, QString> m_endOf; // message id -> the event that ended it
    qint64 m_lastSeq = 0;
};

} // namespace airdisplay
