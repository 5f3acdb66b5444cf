#pragma once

#include "BannerEventType.h"

#include <QByteArray>

namespace airdisplay {

// A domain event of one banner, before it is committed: the store adds the global sequence.
struct BannerEvent
{
    qint64 bannerSeq = 0;
    BannerEventType type = BannerEventType::MessageQueued;
    // The payload's members other than the banner's summary, as JSON text without the braces.
    QByteArray fields;
    // The whole JSON payload: fields plus "banner", the summary once the command is done.
    QByteArray payload;
    qint64 atMs = 0;
};

} // namespace airdisplay
