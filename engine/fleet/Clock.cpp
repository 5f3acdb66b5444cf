#include "Clock.h"

#include <QDateTime>

namespace airdisplay {

Clock systemClock()
{
    return [] { return QDateTime::currentMSecsSinceEpoch(); };
}

} // namespace airdisplay
