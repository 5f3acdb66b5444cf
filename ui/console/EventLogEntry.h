#pragma once

#include <QMetaType>
#include <QString>

namespace airdisplay {

// One line of the console's event log: a committed engine event, or something the console itself
// did or failed to do (globalSeq 0).
struct EventLogEntry
{
    enum class Severity { Info, Warning, Error };

    qint64 globalSeq = 0;
    qint64 bannerId = 0;
    QString callsign; // when the console knows it (its own entries); the alerts name banners by it
    qint64 atMs = 0;
    QString type;
    Severity severity = Severity::Info;
    QString detail;
};

} // namespace airdisplay

Q_DECLARE_METATYPE(airdisplay::EventLogEntry)
