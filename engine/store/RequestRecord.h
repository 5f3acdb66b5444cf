#pragma once

#include <QString>

namespace airdisplay {

// An accepted submission's request id and the answer it got, kept (table request_ids) so that a
// retry of the same request is answered the same way for as long as the retention lasts, whatever
// else was submitted meanwhile. The key is (bannerId, author, requestId).
struct RequestRecord
{
    qint64 bannerId = 0;
    QString author;
    QString requestId;
    QString text;
    qint64 messageId = 0;
    int position = 0;
    qint64 estimatedStartMs = 0;
    qint64 acceptedMs = 0; // when it was accepted: the retention runs from here
};

} // namespace airdisplay
