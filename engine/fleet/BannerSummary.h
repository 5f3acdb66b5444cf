#pragma once

#include "BannerStatus.h"

#include <QString>

namespace airdisplay {

class JsonWriter;

// What a banner is doing right now, in a few fields: what the read model and every event carry.
struct BannerSummary
{
    BannerStatus status = BannerStatus::Offline;
    int queueLength = 0;
    qint64 currentMessageId = 0; // 0: nothing sent or showing
    QString currentText;
    bool paused = false;
    bool linkUp = false;

    // As the "banner" member of every event: status, queueLength, paused, link, and
    // currentMessageId and currentText while something is sent or showing.
    void writeJson(JsonWriter &json) const;
};

} // namespace airdisplay
