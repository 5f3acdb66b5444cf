#pragma once

#include "Clock.h"
#include "ServiceThread.h"

namespace airdisplay {

class Store;

// Deletes the stored request ids older than the retention, every interval, on a thread of its
// own: the table would otherwise grow with every submission ever made. Expiring is only ever late,
// never early, so a retry within the retention always finds its first answer.
class RequestExpiry
{
public:
    RequestExpiry(Store &store, Clock clock, qint64 retentionMs, qint64 intervalMs);
    ~RequestExpiry();
    RequestExpiry(const RequestExpiry &) = delete;
    RequestExpiry &operator=(const RequestExpiry &) = delete;

    // The first pass runs at once: a database that was closed for a while has a backlog.
    void start();
    void stop();

private:
    void expireOnce();

    Store &m_store;
    const Clock m_clock;
    const qint64 m_retentionMs;
    const qint64 m_intervalMs;
    ServiceThread m_thread{QStringLiteral("airdisplay-request-expiry")};
};

} // namespace airdisplay
