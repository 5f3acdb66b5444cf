#pragma once

#include "EventLogEntry.h"

#include <QSortFilterProxyModel>

namespace airdisplay {

// Narrows the event log to one banner, one event type and a lowest severity.
class EventLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventLogFilter(QObject *parent = nullptr);

    // 0: every banner; a negative id: none (a name that is no banner).
    void setBanner(qint64 bannerId);
    // Empty: every type.
    void setType(const QString &type);
    void setMinimumSeverity(EventLogEntry::Severity severity);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    qint64 m_banner = 0;
    QString m_type;
    EventLogEntry::Severity m_severity = EventLogEntry::Severity::Info;
};

} // namespace airdisplay
