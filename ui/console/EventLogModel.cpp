#include "EventLogModel.h"

#include <QColor>
#include <QDateTime>

namespace airdisplay {

EventLogModel::EventLogModel(int capacity, QObject *parent) : QAbstractTableModel(parent), m_capacity(qMax(1, capacity)) {}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::severityText(EventLogEntry::Severity severity)
{
    switch (severity) {
    case EventLogEntry::Severity::Info: return tr("info");
    case EventLogEntry::Severity::Warning: return tr("warning");
    case EventLogEntry::Severity::Error: return tr("error");
    }
    return {};
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventLogEntry &e = m_entries.at(size_t(index.row()));
    switch (role) {
    case BannerIdRole: return e.bannerId;
    case SeverityRole: return int(e.severity);
    case TypeRole: return e.type;
    case Qt::ForegroundRole:
        if (e.severity == EventLogEntry::Severity::Error)
            return QColor(0xf8, 0x51, 0x49);
        if (e.severity == EventLogEntry::Severity::Warning && (index.column() == SeverityColumn || index.column() == TypeColumn))
            return QColor(0xe3, 0xa0, 0x08);
        return {};
    case Qt::ToolTipRole:
        return e.globalSeq > 0 ? tr("Event %1: %2").arg(e.globalSeq).arg(e.detail) : e.detail;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case BannerColumn: return e.bannerId > 0 ? QVariant(e.bannerId) : QVariant();
        case SeverityColumn: return severityText(e.severity);
        case TypeColumn: return e.type;
        case DetailColumn: return e.detail;
        default: return {};
        }
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case BannerColumn: return tr("Banner");
    case SeverityColumn: return tr("Severity");
    case TypeColumn: return tr("Event");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}

void EventLogModel::append(const QList<EventLogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    // More than fit: only the newest are kept.
    const qsizetype skip = qMax<qsizetype>(0, entries.size() - m_capacity);
    const int incoming = int(entries.size() - skip);
    const int overflow = int(m_entries.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + incoming - 1);
    m_entries.insert(m_entries.end(), entries.begin() + skip, entries.end());
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace airdisplay
