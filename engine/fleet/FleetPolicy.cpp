#include "FleetPolicy.h"

namespace airdisplay {

QString reviewPolicyName(ReviewPolicy policy)
{
    switch (policy) {
    case ReviewPolicy::None: return QStringLiteral("none");
    case ReviewPolicy::Flagged: return QStringLiteral("flagged");
    case ReviewPolicy::All: return QStringLiteral("all");
    }
    return QStringLiteral("none");
}

std::optional<ReviewPolicy> reviewPolicyFromName(const QString &name)
{
    if (name == QLatin1String("none"))
        return ReviewPolicy::None;
    if (name == QLatin1String("flagged"))
        return ReviewPolicy::Flagged;
    if (name == QLatin1String("all"))
        return ReviewPolicy::All;
    return std::nullopt;
}

} // namespace airdisplay
