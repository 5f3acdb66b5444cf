#include "BannerSummary.h"

#include "JsonWriter.h"

namespace airdisplay {

void BannerSummary::writeJson(JsonWriter &json) const
{
    json.beginObject()
        .field("status", bannerStatusName(status))
        .field("queueLength", queueLength)
        .field("paused", paused)
        .field("link", linkUp);
    if (currentMessageId != 0)
        json.field("currentMessageId", currentMessageId).field("currentText", currentText);
    json.endObject();
}

} // namespace airdisplay
