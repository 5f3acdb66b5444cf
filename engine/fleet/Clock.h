#pragma once

#include <QtGlobal>

#include <functional>

namespace airdisplay {

// Wall-clock milliseconds since the Unix epoch. Display times and durable reminders are wall-clock
// instants (they must mean the same after a restart); tests inject a clock they advance by hand so
// that no test waits out a 60-second display.
using Clock = std::function<qint64()>;

Clock systemClock();

} // namespace airdisplay
