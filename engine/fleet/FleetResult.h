#pragma once

#include "FleetError.h"

namespace airdisplay {

// The answer to a command. For a submission: the message id, its 1-based position in the queue
// and the estimated start (wall-clock ms); duplicate tells a retry that got the first answer back.
struct FleetResult
{
    FleetError error;
    qint64 messageId = 0;
    int position = 0;
    qint64 estimatedStartMs = 0;
    bool duplicate = false;

    bool ok() const { return !error.isError(); }
    static FleetResult failure(FleetError::Code code, const QString &message)
    {
        FleetResult r;
        r.error = FleetError(code, message);
        return r;
    }
    // A failure caused by another layer's error (the store's, say), kept as its cause.
    static FleetResult failure(FleetError::Code code, const QString &message, const Error &cause)
    {
        FleetResult r;
        r.error = FleetError(code, message, cause);
        return r;
    }
};

} // namespace airdisplay
