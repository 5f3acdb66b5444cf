#include "BannerEventType.h"

#include "EnumNames.h"

namespace airdisplay {

QString eventTypeName(BannerEventType type)
{
    return EnumNames::name(type);
}

std::optional<BannerEventType> eventTypeFromName(QStringView name)
{
    return EnumNames::fromName<BannerEventType>(name);
}

QList<BannerEventType> allEventTypes()
{
    return EnumNames::values<BannerEventType>();
}

bool endsMessage(BannerEventType type)
{
    switch (type) {
    case BannerEventType::MessageShown:
    case BannerEventType::MessageBlanked:
    case BannerEventType::MessageInterrupted:
    case BannerEventType::MessageRemoved:
    case BannerEventType::MessageCancelled:
    case BannerEventType::MessageRejected:
        return true;
    default:
        return false;
    }
}

} // namespace airdisplay
