#pragma once

#include <QString>
#include <QtGlobal>

namespace airdisplay {

// A submission the gateway acknowledged: what a customer was promised, for checking later that the
// banner kept the promise.
struct CustomerAcknowledgement
{
    qint64 bannerId = 0;
    qint64 messageId = 0;
    QString requestId;
    qint64 sentMs = 0; // the first attempt
    qint64 ackMs = 0;
    int attempts = 1;
    bool duplicate = false; // a retry answered with the first answer
};

} // namespace airdisplay
