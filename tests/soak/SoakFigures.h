#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtGlobal>

#include <cstdio>

namespace airdisplay::soak {

// A positive whole number from the environment, or fallback.
inline int fromEnvironment(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

// A memory figure of /proc/PID/status ("self" for this process) in KiB, or -1 once it is gone:
// VmRSS (all resident memory), RssAnon (the heap and stacks: where a leak shows) or RssFile (files
// mapped and read, such as SQLite's database read through mmap: it grows with the database and the
// kernel takes it back when it needs to).
inline qint64 statusKiB(const QString &pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = field + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

inline qint64 residentKiB(const QString &pid = QStringLiteral("self"))
{
    return statusKiB(pid, "VmRSS");
}

inline void bench(const char *name, double value, const char *unit)
{
    std::printf("bench: %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace airdisplay::soak
