#include "DisplayAudit.h"

#include "RestClient.h"

#include <QFile>
#include <QJsonArray>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace airdisplay {

namespace {
bool endsDisplay(const QString &type)
{
    return type == QLatin1String("message_shown") || type == QLatin1String("message_blanked")
        || type == QLatin1String("message_interrupted");
}
} // namespace

QList<DisplayAudit::Acknowledgement> DisplayAudit::readAckLog(const QString &path)
{
    QList<Acknowledgement> acks;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return acks;
    while (!file.atEnd()) {
        const QList<QByteArray> f = file.readLine().trimmed().split(' ');
        if (f.size() < 5)
            continue;
        acks.append({f[0].toLongLong(), f[1].toLongLong(), QString::fromLatin1(f[2]), f[3].toLongLong(), f[4].toLongLong()});
    }
    return acks;
}

bool DisplayAudit::fetch()
{
    while (true) {
        const RestClient::Reply page = m_rest.get("/api/v1/events?limit=1000&after=" + QByteArray::number(m_lastSeq));
        if (page.status != 200)
            return false;
        const QJsonArray events = page.body.value(QLatin1String("events")).toArray();
        for (const QJsonValue &v : events) {
            const QJsonObject o = v.toObject();
            const QJsonObject message = o.value(QLatin1String("data")).toObject().value(QLatin1String("message")).toObject();
            Event e;
            e.seq = qint64(o.value(QLatin1String("seq")).toDouble());
            e.bannerId = qint64(o.value(QLatin1String("bannerId")).toDouble());
            e.type = o.value(QLatin1String("event")).toString();
            e.messageId = qint64(message.value(QLatin1String("id")).toDouble());
            e.requestId = message.value(QLatin1String("requestId")).toString();
            e.startedMs = qint64(message.value(QLatin1String("startedMs")).toDouble());
            e.endedMs = qint64(message.value(QLatin1String("endedMs")).toDouble());
            m_lastSeq = qMax(m_lastSeq, e.seq);
            if (endsDisplay(e.type))
                m_endOf.insert(e.messageId, e.type);
            m_events.append(e);
        }
        if (events.size() < 1000)
            return true;
    }
}

bool DisplayAudit::allEnded(const QList<Acknowledgement> &acks) const
{
    return std::all_of(acks.begin(), acks.end(), [this](const Acknowledgement &a) { return m_endOf.contains(a.messageId); });
}

int DisplayAudit::eventCount(const QString &type) const
{
    return int(std::count_if(m_events.begin(), m_events.end(), [&](const Event &e) { return e.type == type; }));
}

QStringList DisplayAudit::problems(const QList<Acknowledgement> &acks, qint64 displayMs, qint64 lateToleranceMs,
                                   qint64 overdueSinceMs) const
{
    struct Life
    {
        int queued = 0;
        int displaying = 0;
        int queueIndex = -1;
        int displayIndex = -1;
        QString requestId;
        QString end;
        qint64 startedMs = 0;
        qint64 endedMs = 0;
    };
    QStringList found;
    QHash<qint64, Life> lives;
    QHash<qint64, qint64> displayingOn; // banner -> message displaying now
    QHash<qint64, int> queued;          // banner -> messages queued so far
    QHash<qint64, int> displayed;       // banner -> displays started so far
    QHash<QString, int> requests;       // request id -> messages queued for it
    for (const Event &e : m_events) {
        Life &life = lives[e.messageId];
        if (e.type == QLatin1String("message_queued")) {
            ++life.queued;
            life.queueIndex = queued[e.bannerId]++;
            life.requestId = e.requestId;
            ++requests[e.requestId];
        } else if (e.type == QLatin1String("message_displaying")) {
            if (const qint64 other = displayingOn.value(e.bannerId); other != 0)
                found << QStringLiteral("banner %1: %2 displays while %3 still does").arg(e.bannerId).arg(e.messageId).arg(other);
            displayingOn.insert(e.bannerId, e.messageId);
            ++life.displaying;
            life.displayIndex = displayed[e.bannerId]++;
            life.startedMs = e.startedMs;
        } else if (endsDisplay(e.type)) {
            if (displayingOn.value(e.bannerId) == e.messageId)
                displayingOn.remove(e.bannerId);
            life.end = e.type;
            life.endedMs = e.endedMs;
        }
    }

    QMap<qint64, QList<Acknowledgement>> byBanner;
    QSet<qint64> seen;
    for (const Acknowledgement &a : acks) {
        if (seen.contains(a.messageId))
            found << QStringLiteral("message %1 acknowledged to two requests").arg(a.messageId);
        seen.insert(a.messageId);
        byBanner[a.bannerId].append(a);
        const Life life = lives.value(a.messageId);
        const QString m = QStringLiteral("message %1 (banner %2, request %3)").arg(a.messageId).arg(a.bannerId).arg(a.requestId);
        if (life.queued != 1) {
            found << m + QStringLiteral(": queued %1 times").arg(life.queued);
            continue;
        }
        if (life.requestId != a.requestId)
            found << m + QStringLiteral(": stored with request %1").arg(life.requestId);
        if (requests.value(a.requestId) != 1)
            found << m + QStringLiteral(": its request was queued %1 times").arg(requests.value(a.requestId));
        if (life.displaying != 1)
            found << m + QStringLiteral(": confirmed as displaying %1 times").arg(life.displaying);
        if (life.end != QLatin1String("message_shown")) {
            found << m + QStringLiteral(": ended with %1").arg(life.end.isEmpty() ? QStringLiteral("nothing") : life.end);
            continue;
        }
        const qint64 due = life.startedMs + displayMs;
        if (life.endedMs < due)
            found << m + QStringLiteral(": shown for %1 ms of %2").arg(life.endedMs - life.startedMs).arg(displayMs);
        if (life.endedMs > qMax(due, overdueSinceMs) + lateToleranceMs)
            found << m + QStringLiteral(": ended %1 ms after its due time").arg(life.endedMs - due);
    }

    // Per banner, display order is queue order, and a message acknowledged before another was
    // submitted is queued (and so displayed) before it.
    for (auto it = byBanner.cbegin(); it != byBanner.cend(); ++it) {
        QList<Acknowledgement> list = it.value();
        std::sort(list.begin(), list.end(), [&](const Acknowledgement &a, const Acknowledgement &b) {
            return lives.value(a.messageId).queueIndex < lives.value(b.messageId).queueIndex;
        });
        for (qsizetype i = 1; i < list.size(); ++i) {
            if (lives.value(list[i - 1].messageId).displayIndex >= lives.value(list[i].messageId).displayIndex)
                found << QStringLiteral("banner %1: %2 displayed out of queue order").arg(it.key()).arg(list[i].messageId);
        }
        for (const Acknowledgement &a : list) {
            for (const Acknowledgement &b : list) {
                if (a.ackMs < b.sentMs && lives.value(a.messageId).queueIndex > lives.value(b.messageId).queueIndex)
                    found << QStringLiteral("banner %1: %2 was acknowledged before %3 was sent, but queued after it")
                                 .arg(it.key()).arg(a.messageId).arg(b.messageId);
            }
        }
    }
    return found;
}

} // namespace airdisplay
