#pragma once

#include "EventLogEntry.h"

#include <QAbstractTableModel>

#include <deque>

namespace airdisplay {

// The latest events, newest last, as a bounded ring: the log is for watching what happens now; the
// full history is in the engine's event log.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, BannerColumn, SeverityColumn, TypeColumn, DetailColumn, ColumnCount };
    enum Role { BannerIdRole = Qt::UserRole + 1, SeverityRole, TypeRole };

    explicit EventLogModel(int capacity = 5000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const QList<EventLogEntry> &entries);
    void clear();
    int capacity() const { return m_capacity; }
    const EventLogEntry &entry(int row) const { return m_entries.at(size_t(row)); }

    static QString severityText(EventLogEntry::Severity severity);

private:
    const int m_capacity;
    std::deque<EventLogEntry> m_entries;
};

} // namespace airdisplay
