#pragma once

#include "BannerStatus.h"

#include <QJsonObject>
#include <QString>

namespace airdisplay {

// What a banner is doing right now, in a few fields: what the read model and every event carry.
struct BannerSummary
{
    BannerStatus status = BannerStatus::Offline;
    int queueLength = 0;
    qint64 currentMessageId = 0; // 0: nothing sent or showing
    QString currentText;
    bool paused = false;
    bool linkUp = false;

    QJsonObject toJson() const;
};

} // namespace airdisplay
