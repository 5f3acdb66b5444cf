#include "EventLogFilter.h"

#include "EventLogModel.h"

namespace airdisplay {

EventLogFilter::EventLogFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void EventLogFilter::setBanner(qint64 bannerId)
{
    if (m_banner == bannerId)
        return;
    m_banner = bannerId;
    invalidateFilter();
}

void EventLogFilter::setType(const QString &type)
{
    if (m_type == type)
        return;
    m_type = type;
    invalidateFilter();
}

void EventLogFilter::setMinimumSeverity(EventLogEntry::Severity severity)
{
    if (m_severity == severity)
        return;
    m_severity = severity;
    invalidateFilter();
}

bool EventLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const EventLogModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return false;
    const EventLogEntry &e = model->entry(sourceRow);
    return (m_banner == 0 || e.bannerId == m_banner) && (m_type.isEmpty() || e.type == m_type)
        && int(e.severity) >= int(m_severity);
}

} // namespace airdisplay
