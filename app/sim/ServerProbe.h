#pragma once

#include <QtGlobal>

namespace airdisplay {

// What the server process costs, read from /proc/<pid> on the same machine: resident memory and
// CPU time, for the simulator's benchmark lines.
class ServerProbe
{
public:
    explicit ServerProbe(qint64 pid) : m_pid(pid) {}

    qint64 pid() const { return m_pid; }
    // VmRSS in KiB; -1 when the process cannot be read.
    qint64 residentKiB() const;
    // User plus system CPU time in seconds; -1 when the process cannot be read.
    double cpuSeconds() const;

private:
    qint64 m_pid;
};

} // namespace airdisplay
