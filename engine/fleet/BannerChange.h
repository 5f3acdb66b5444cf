#pragma once

#include "BannerEvent.h"
#include "BannerMessage.h"
#include "BannerState.h"
#include "DeviceCommand.h"
#include "FleetResult.h"
#include "ReminderOp.h"

#include <QList>

namespace airdisplay {

// Everything one command did to a banner: the answer for the caller, and what has to be committed
// together (events, reminders, message receipts) before the answer is given and the device told.
// A failed command changes nothing, so all lists are empty.
struct BannerChange
{
    FleetResult result;
    QList<BannerEvent> events;
    QList<ReminderOp> reminders;
    QList<BannerMessage> messages; // receipts to record, in their new state
    QList<BannerState::Accepted> requests; // request ids accepted, to keep for the retention
    QList<DeviceCommand> deviceCommands;

    // False when the command was answered without changing anything (an error, a duplicate, a
    // stale reminder): then there is nothing to commit.
    bool changesState() const
    {
        return !events.isEmpty() || !reminders.isEmpty() || !messages.isEmpty() || !requests.isEmpty();
    }
};

} // namespace airdisplay
