#pragma once

#include <QJsonObject>
#include <QString>

namespace airdisplay {

// A domain event of one banner, before it is committed: the store adds the global sequence.
struct BannerEvent
{
    qint64 bannerSeq = 0;
    QString type;
    QJsonObject payload;
    qint64 atMs = 0;
};

} // namespace airdisplay
