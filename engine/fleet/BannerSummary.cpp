#include "BannerSummary.h"

namespace airdisplay {

QJsonObject BannerSummary::toJson() const
{
    QJsonObject s{
        {QStringLiteral("status"), bannerStatusName(status)},
        {QStringLiteral("queueLength"), queueLength},
        {QStringLiteral("paused"), paused},
        {QStringLiteral("link"), linkUp},
    };
    if (currentMessageId != 0) {
        s.insert(QStringLiteral("currentMessageId"), double(currentMessageId));
        s.insert(QStringLiteral("currentText"), currentText);
    }
    return s;
}

} // namespace airdisplay
