#pragma once

#include <QByteArray>
#include <QString>

namespace airdisplay {

// One entry of the event log. The caller fills everything except globalSeq, which the store assigns
// at commit (strictly increasing in commit order on a single node).
struct EventRecord
{
    qint64 globalSeq = 0;
    qint64 bannerId = 0;  // the stream the event belongs to
    qint64 bannerSeq = 0; // caller-assigned, unique per banner, so a gap or a duplicate is visible
    QString type;
    QByteArray payload;   // UTF-8 JSON text
    qint64 atMs = 0;
};

} // namespace airdisplay
