#pragma once

#include <QString>

namespace airdisplay {

// A durable reminder the banner sets or clears. The end of a display is one reminder per message,
// named after it ("end:<messageId>"), so a reminder that fires late can only ever end the message
// it was set for.
struct ReminderOp
{
    QString name;
    qint64 dueMs = 0;
    qint64 messageId = 0;
    bool removed = false;

    static QString endOfDisplayName(qint64 messageId);
    // The message an end-of-display reminder names, or 0 if name is not one.
    static qint64 messageOf(const QString &name);
};

} // namespace airdisplay
