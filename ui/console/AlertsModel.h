#pragma once

#include "Alert.h"

#include <QAbstractItemModel>
#include <QIcon>

#include <array>
#include <unordered_map>
#include <vector>

namespace airdisplay {

// The console's alerts as a two-level tree: one group row per kind (its count and how many are not
// acknowledged yet), under it the newest alerts of that kind, at most kMaxRowsPerKind of them, and
// then one "and 4,213 more" row. A list of 10,000 offline banners helps nobody; the count does.
//
// Derived alerts come as differences (apply()) from the snapshot builder's thread; failed commands
// come one by one from DispatcherActions. An acknowledged alert is drawn muted and leaves the badge
// counts, and stays acknowledged until its condition clears; if it recurs, it is new again. A failed
// command has no condition that clears on its own: acknowledging it dismisses it.
class AlertsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { AlertColumn, SinceColumn, DetailColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,
        BannerIdRole,     // 0 on group and "more" rows
        AcknowledgedRole,
        IsGroupRole,
        IsMoreRole,
    };
    static constexpr int kMaxRowsPerKind = 100;

    explicit AlertsModel(QObject *parent = nullptr);

    void apply(const airdisplay::AlertChanges &changes);
    void raiseFailedCommand(qint64 bannerId, const QString &callsign, const QString &detail, qint64 atMs);
    // Everything goes (the fleet closed).
    void clear();

    // An alert row: that alert; a group row: every alert of its kind.
    void acknowledge(const QModelIndex &index);
    void acknowledge(qint64 bannerId, Alert::Kind kind);
    void acknowledgeAll(Alert::Kind kind);

    int count(Alert::Kind kind) const { return int(m_groups[size_t(kind)].all.size()); }
    int unacknowledgedCount(Alert::Kind kind) const { return m_groups[size_t(kind)].unacknowledged; }
    int unacknowledgedTotal() const;
    const Alert *find(qint64 bannerId, Alert::Kind kind) const;
    QModelIndex groupIndex(Alert::Kind kind) const { return createIndex(int(kind), 0, quintptr(0)); }
    QModelIndex indexOf(qint64 bannerId, Alert::Kind kind) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    // The badge counts may have changed.
    void countsChanged();
    // New alerts that nobody acknowledged yet arrived (once per apply, for the sound).
    void alertsRaised(int count);

private:
    struct Group
    {
        std::unordered_map<qint64, Alert> all; // by banner id
        std::vector<qint64> shown;             // the newest kMaxRowsPerKind, newest first
        int unacknowledged = 0;
        bool moreRow = false;                  // "and N more" follows the shown rows
        bool dirty = false;                    // shown must be recomputed
    };

    // Internal id of a child row: its kind + 1 (group rows have 0).
    static Alert::Kind kindOfChild(const QModelIndex &index) { return Alert::Kind(index.internalId() - 1); }
    const Alert *alertAt(const QModelIndex &index) const;
    void raise(const Alert &alert, int *newUnacknowledged);
    void remove(Alert::Kind kind, qint64 bannerId);
    void setAcknowledged(Alert &alert, bool acknowledged);
    // Recomputes what a dirty group shows and tells the views row by row, so selection survives.
    void refreshGroups();
    void refreshGroup(Alert::Kind kind);
    void alertChanged(const Alert &alert);
    bool newerFirst(const Group &group, qint64 a, qint64 b) const;

    std::array<Group, Alert::KindCount> m_groups;
    std::array<QIcon, Alert::KindCount> m_icons;
};

} // namespace airdisplay
