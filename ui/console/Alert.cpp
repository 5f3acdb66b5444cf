#include "Alert.h"

#include <QCoreApplication>

namespace airdisplay {

QString Alert::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Offline:
        return QCoreApplication::translate("Alert", "Offline");
    case Kind::LowBattery:
        return QCoreApplication::translate("Alert", "Low battery");
    case Kind::StalePosition:
        return QCoreApplication::translate("Alert", "Stale position");
    case Kind::WaitingReview:
        return QCoreApplication::translate("Alert", "Waiting for review");
    case Kind::FailedCommand:
        return QCoreApplication::translate("Alert", "Failed command");
    }
    return {};
}

} // namespace airdisplay
