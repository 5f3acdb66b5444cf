#include "AlertsModel.h"

#include "MapTheme.h"

#include <QApplication>
#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>
#include <unordered_set>

namespace airdisplay {

namespace {

// The map's colours where the map draws the same thing (offline, review, stale), so a dot here and a
// plane there read alike.
QColor kindColor(Alert::Kind kind)
{
    const MapTheme map = MapTheme::dark();
    const auto opaque = [](QColor c) {
        c.setAlpha(255);
        return c;
    };
    switch (kind) {
    case Alert::Kind::Offline:
        return opaque(map.statusColour(MapBannerStatus::Offline));
    case Alert::Kind::LowBattery:
        return QColor(0xe8, 0x6a, 0x1a);
    case Alert::Kind::StalePosition:
        return opaque(map.statusColour(MapBannerStatus::Stale));
    case Alert::Kind::WaitingReview:
        return opaque(map.statusColour(MapBannerStatus::PendingReview));
    case Alert::Kind::FailedCommand:
        return QColor(0xb0, 0x3d, 0xd9);
    }
    return Qt::gray;
}

QIcon dot(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

QColor mutedText()
{
    return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

} // namespace

AlertsModel::AlertsModel(QObject *parent) : QAbstractItemModel(parent)
{
    for (int k = 0; k < Alert::KindCount; ++k)
        m_icons[size_t(k)] = dot(kindColor(Alert::Kind(k)));
}

int AlertsModel::unacknowledgedTotal() const
{
    int total = 0;
    for (const Group &g : m_groups)
        total += g.unacknowledged;
    return total;
}

const Alert *AlertsModel::find(qint64 bannerId, Alert::Kind kind) const
{
    const Group &group = m_groups[size_t(kind)];
    const auto it = group.all.find(bannerId);
    return it == group.all.end() ? nullptr : &it->second;
}

QModelIndex AlertsModel::indexOf(qint64 bannerId, Alert::Kind kind) const
{
    const std::vector<qint64> &shown = m_groups[size_t(kind)].shown;
    const auto it = std::find(shown.begin(), shown.end(), bannerId);
    return it == shown.end() ? QModelIndex() : createIndex(int(it - shown.begin()), 0, quintptr(kind) + 1);
}

void AlertsModel::apply(const AlertChanges &changes)
{
    for (const AlertChanges::Key &key : changes.cleared)
        remove(key.kind, key.bannerId);
    int fresh = 0;
    for (const Alert &alert : changes.raised)
        raise(alert, &fresh);
    for (const Alert &update : changes.updated) {
        Group &group = m_groups[size_t(update.kind)];
        const auto it = group.all.find(update.bannerId);
        if (it == group.all.end()) {
            raise(update, &fresh);
            continue;
        }
        it->second.detail = update.detail;
        it->second.callsign = update.callsign;
        alertChanged(it->second);
    }
    refreshGroups();
    if (fresh > 0)
        emit alertsRaised(fresh);
}

void AlertsModel::raiseFailedCommand(qint64 bannerId, const QString &callsign, const QString &detail, qint64 atMs)
{
    // The newest failure of a banner replaces its previous one, and is new again.
    remove(Alert::Kind::FailedCommand, bannerId);
    Alert alert;
    alert.bannerId = bannerId;
    alert.kind = Alert::Kind::FailedCommand;
    alert.callsign = callsign;
    alert.sinceMs = atMs;
    alert.detail = detail;
    int fresh = 0;
    raise(alert, &fresh);
    refreshGroups();
    if (fresh > 0)
        emit alertsRaised(fresh);
}

void AlertsModel::clear()
{
    beginResetModel();
    for (Group &g : m_groups)
        g = Group{};
    endResetModel();
    emit countsChanged();
}

void AlertsModel::raise(const Alert &alert, int *newUnacknowledged)
{
    Group &group = m_groups[size_t(alert.kind)];
    const auto [it, inserted] = group.all.try_emplace(alert.bannerId, alert);
    if (!inserted)
        return; // already raised: a repeat changes nothing, its acknowledgement included
    it->second.acknowledged = false;
    ++group.unacknowledged;
    ++*newUnacknowledged;
    group.dirty = true;
}

void AlertsModel::remove(Alert::Kind kind, qint64 bannerId)
{
    Group &group = m_groups[size_t(kind)];
    const auto it = group.all.find(bannerId);
    if (it == group.all.end())
        return;
    const auto shown = std::find(group.shown.begin(), group.shown.end(), bannerId);
    if (shown != group.shown.end()) {
        const int row = int(shown - group.shown.begin());
        beginRemoveRows(groupIndex(kind), row, row);
        group.shown.erase(shown);
        endRemoveRows();
    }
    if (!it->second.acknowledged)
        --group.unacknowledged;
    group.all.erase(it);
    group.dirty = true;
}

bool AlertsModel::newerFirst(const Group &group, qint64 a, qint64 b) const
{
    const qint64 sinceA = group.all.at(a).sinceMs;
    const qint64 sinceB = group.all.at(b).sinceMs;
    return sinceA != sinceB ? sinceA > sinceB : a < b;
}

void AlertsModel::refreshGroups()
{
    bool changed = false;
    for (int k = 0; k < Alert::KindCount; ++k) {
        if (std::exchange(m_groups[size_t(k)].dirty, false)) {
            refreshGroup(Alert::Kind(k));
            changed = true;
        }
    }
    if (changed)
        emit countsChanged();
}

void AlertsModel::refreshGroup(Alert::Kind kind)
{
    Group &group = m_groups[size_t(kind)];
    const QModelIndex parent = groupIndex(kind);

    // The newest kMaxRowsPerKind: a partial sort of ids, cheap even with thousands offline.
    std::vector<qint64> ids;
    ids.reserve(group.all.size());
    for (const auto &entry : group.all)
        ids.push_back(entry.first);
    const size_t shownCount = std::min(ids.size(), size_t(kMaxRowsPerKind));
    std::partial_sort(ids.begin(), ids.begin() + qsizetype(shownCount), ids.end(),
                      [&](qint64 a, qint64 b) { return newerFirst(group, a, b); });
    ids.resize(shownCount);

    // The "more" row, always last, goes first so that rows below shown never move under it.
    if (group.moreRow) {
        beginRemoveRows(parent, int(group.shown.size()), int(group.shown.size()));
        group.moreRow = false;
        endRemoveRows();
    }

    // Rows that left the newest: removed. An alert's since never changes while it is raised, so what
    // stays keeps its order and the new ones are inserted at their places: views keep their selection.
    const std::unordered_set<qint64> wanted(ids.begin(), ids.end());
    for (int row = int(group.shown.size()) - 1; row >= 0; --row) {
        if (!wanted.count(group.shown[size_t(row)])) {
            beginRemoveRows(parent, row, row);
            group.shown.erase(group.shown.begin() + row);
            endRemoveRows();
        }
    }
    for (size_t row = 0; row < ids.size(); ++row) {
        if (row < group.shown.size() && group.shown[row] == ids[row])
            continue;
        beginInsertRows(parent, int(row), int(row));
        group.shown.insert(group.shown.begin() + qsizetype(row), ids[row]);
        endInsertRows();
    }
    if (group.all.size() > group.shown.size()) {
        beginInsertRows(parent, int(group.shown.size()), int(group.shown.size()));
        group.moreRow = true;
        endInsertRows();
    }
    emit dataChanged(parent, parent.siblingAtColumn(ColumnCount - 1));
}

void AlertsModel::alertChanged(const Alert &alert)
{
    if (const QModelIndex index = indexOf(alert.bannerId, alert.kind); index.isValid())
        emit dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
}

void AlertsModel::setAcknowledged(Alert &alert, bool acknowledged)
{
    if (alert.acknowledged == acknowledged)
        return;
    alert.acknowledged = acknowledged;
    m_groups[size_t(alert.kind)].unacknowledged += acknowledged ? -1 : 1;
    alertChanged(alert);
}

void AlertsModel::acknowledge(qint64 bannerId, Alert::Kind kind)
{
    Group &group = m_groups[size_t(kind)];
    const auto it = group.all.find(bannerId);
    if (it == group.all.end())
        return;
    if (kind == Alert::Kind::FailedCommand) {
        remove(kind, bannerId); // seen is all a failure asks for
        refreshGroups();
        return;
    }
    setAcknowledged(it->second, true);
    const QModelIndex parent = groupIndex(kind);
    emit dataChanged(parent, parent.siblingAtColumn(ColumnCount - 1));
    emit countsChanged();
}

void AlertsModel::acknowledgeAll(Alert::Kind kind)
{
    Group &group = m_groups[size_t(kind)];
    if (kind == Alert::Kind::FailedCommand) {
        std::vector<qint64> ids;
        for (const auto &entry : group.all)
            ids.push_back(entry.first);
        for (qint64 id : ids)
            remove(kind, id);
        refreshGroups();
        return;
    }
    for (auto &entry : group.all) {
        if (!entry.second.acknowledged)
            setAcknowledged(entry.second, true);
    }
    const QModelIndex parent = groupIndex(kind);
    emit dataChanged(parent, parent.siblingAtColumn(ColumnCount - 1));
    emit countsChanged();
}

void AlertsModel::acknowledge(const QModelIndex &index)
{
    if (!index.isValid() || index.model() != this)
        return;
    if (index.data(IsGroupRole).toBool()) {
        acknowledgeAll(Alert::Kind(index.row()));
        return;
    }
    if (const Alert *alert = alertAt(index))
        acknowledge(alert->bannerId, alert->kind);
}

const Alert *AlertsModel::alertAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return nullptr;
    const Group &group = m_groups[size_t(kindOfChild(index))];
    if (size_t(index.row()) >= group.shown.size())
        return nullptr; // the "more" row
    const auto it = group.all.find(group.shown[size_t(index.row())]);
    return it == group.all.end() ? nullptr : &it->second;
}

QModelIndex AlertsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < Alert::KindCount ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || row >= rowCount(parent))
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex AlertsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return Alert::KindCount;
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    const Group &group = m_groups[size_t(parent.row())];
    return int(group.shown.size()) + (group.moreRow ? 1 : 0);
}

int AlertsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AlertColumn:
        return tr("Alert");
    case SinceColumn:
        return tr("Since");
    case DetailColumn:
        return tr("Detail");
    default:
        return {};
    }
}

Qt::ItemFlags AlertsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() != 0 && !alertAt(index))
        return Qt::ItemIsEnabled; // "and N more" is a count, not something to act on
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QLocale locale;
    if (index.internalId() == 0) {
        const auto kind = Alert::Kind(index.row());
        const Group &group = m_groups[size_t(kind)];
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == AlertColumn)
                return group.unacknowledged > 0 ? tr("%1 (%2)").arg(Alert::kindName(kind), locale.toString(group.unacknowledged))
                                                : Alert::kindName(kind);
            if (index.column() == DetailColumn) {
                // Spelled out for one and for many: without a translation loaded, %n leaves "banner(s)".
                const int all = int(group.all.size());
                const QString banners = all == 1 ? tr("1 banner") : tr("%1 banners").arg(locale.toString(all));
                if (all == 0)
                    return tr("none");
                return group.unacknowledged == all ? banners
                                                   : tr("%1, %2 acknowledged").arg(banners, locale.toString(all - group.unacknowledged));
            }
            return {};
        case Qt::DecorationRole:
            return index.column() == AlertColumn ? QVariant(m_icons[size_t(kind)]) : QVariant();
        case Qt::FontRole:
            if (group.unacknowledged > 0) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ForegroundRole:
            return group.unacknowledged > 0 ? QVariant() : QVariant(mutedText());
        case KindRole:
            return int(kind);
        case IsGroupRole:
            return true;
        case BannerIdRole:
            return qint64(0);
        case AcknowledgedRole:
            return group.unacknowledged == 0;
        default:
            return {};
        }
    }

    const Alert::Kind kind = kindOfChild(index);
    const Alert *alert = alertAt(index);
    if (!alert) {
        const Group &group = m_groups[size_t(kind)];
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == AlertColumn
                ? tr("and %1 more").arg(locale.toString(qlonglong(group.all.size() - group.shown.size())))
                : QVariant();
        case Qt::FontRole: {
            QFont font;
            font.setItalic(true);
            return font;
        }
        case Qt::ForegroundRole:
            return mutedText();
        case IsMoreRole:
            return true;
        case KindRole:
            return int(kind);
        case BannerIdRole:
            return qint64(0);
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case AlertColumn:
            return alert->callsign.isEmpty() ? tr("banner %1").arg(alert->bannerId) : alert->callsign;
        case SinceColumn:
            return QDateTime::fromMSecsSinceEpoch(alert->sinceMs).toString(QStringLiteral("HH:mm:ss"));
        case DetailColumn:
            return alert->detail;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("%1: %2 since %3 UTC — %4%5")
            .arg(alert->callsign, Alert::kindName(kind),
                 QDateTime::fromMSecsSinceEpoch(alert->sinceMs, Qt::UTC).toString(QStringLiteral("HH:mm:ss")), alert->detail,
                 alert->acknowledged ? tr(" (acknowledged)") : QString());
    case Qt::DecorationRole:
        return index.column() == AlertColumn ? QVariant(m_icons[size_t(kind)]) : QVariant();
    case Qt::ForegroundRole:
        return alert->acknowledged ? QVariant(mutedText()) : QVariant();
    case KindRole:
        return int(kind);
    case BannerIdRole:
        return alert->bannerId;
    case AcknowledgedRole:
        return alert->acknowledged;
    case IsGroupRole:
    case IsMoreRole:
        return false;
    default:
        return {};
    }
}

} // namespace airdisplay
