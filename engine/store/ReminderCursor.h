#pragma once

#include <QString>

#include <limits>

namespace airdisplay {

// A position in the reminders' due order (dueMs, actorType, actorId, name), for keyset paging.
// With wholeMs set it stands after every reminder due at or before dueMs.
struct ReminderCursor
{
    qint64 dueMs = std::numeric_limits<qint64>::min();
    QString actorType;
    QString actorId;
    QString name;
    bool wholeMs = true;
};

} // namespace airdisplay
