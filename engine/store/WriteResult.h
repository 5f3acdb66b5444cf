#pragma once

#include "EventRecord.h"
#include "StoreError.h"

#include <QList>

#include <functional>

namespace airdisplay {

// The answer to one WriteBatch, given once its transaction has committed (or failed). On success,
// events are the batch's events as committed, with their global sequence numbers: publish these.
struct WriteResult
{
    StoreError error;
    QList<EventRecord> events;

    bool ok() const { return !error.isError(); }
};

// Called on the store's completion thread, in commit order: keep it short (the callers of later
// commits wait behind it) and never wait on the store from it.
using WriteCallback = std::function<void(WriteResult)>;

} // namespace airdisplay
