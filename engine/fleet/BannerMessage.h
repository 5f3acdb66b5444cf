#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace airdisplay {

class JsonWriter;

// One message on one banner, from submission to its end.
struct BannerMessage
{
    enum class Status {
        Held,        // waiting for a dispatcher's approval
        Queued,      // waiting for its turn
        Sent,        // sent to the device, not yet confirmed as showing
        Displaying,  // the device confirmed it; its display time runs
        Shown,       // displayed for its full time
        Cancelled,   // withdrawn by its author before it showed
        Removed,     // removed by a dispatcher before it showed
        Rejected,    // refused by a dispatcher on review
        Blanked,     // cut short by a dispatcher's blank
        Interrupted, // the device stopped showing it before its time was up
    };

    qint64 id = 0;
    QString text;
    QString author;
    QString requestId;
    Status status = Status::Queued;
    qint64 submittedMs = 0;
    std::optional<qint64> startedMs; // the device's confirmation
    std::optional<qint64> endsAtMs;  // while displaying: when its time is up
    std::optional<qint64> endedMs;
    QString reason; // why a dispatcher rejected it, for its author; empty otherwise

    bool isWaiting() const { return status == Status::Held || status == Status::Queued; }

    // The same object two ways: a QJsonObject for the gateway's views, text appended by a JsonWriter
    // for the events every change commits.
    QJsonObject toJson() const;
    void writeJson(JsonWriter &json) const;
    static std::optional<BannerMessage> fromJson(const QJsonObject &json);

    // Lowercase names used in events, state and the message history ("queued", "shown", ...).
    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString &name);
};

} // namespace airdisplay
