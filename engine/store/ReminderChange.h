#pragma once

#include "Reminder.h"

namespace airdisplay {

// A reminder written or deleted by a committed batch. For a deletion only the key fields
// (actorType, actorId, name) of the reminder are meaningful.
struct ReminderChange
{
    Reminder reminder;
    bool removed = false;
};

} // namespace airdisplay
