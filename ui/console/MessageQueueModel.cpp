#include "MessageQueueModel.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QSet>

#include <algorithm>
#include <limits>

namespace airdisplay {

namespace {

QString duration(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, (ms + 999) / 1000);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MessageQueueModel::MessageQueueModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_countdownTimer.setInterval(1000);
    // Only the text counts down: the sort key is a point in time, so the order does not change with
    // the clock and a sorting proxy has nothing to re-sort (thousands of rows, every second, on the
    // GUI thread).
    connect(&m_countdownTimer, &QTimer::timeout, this, [this] {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, CountdownColumn), index(int(m_rows.size()) - 1, CountdownColumn),
                             {Qt::DisplayRole});
    });
    m_countdownTimer.start();
}

void MessageQueueModel::setClock(std::function<qint64()> nowMs)
{
    m_clock = std::move(nowMs);
}

int MessageQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MessageQueueModel::statusText(BannerMessage::Status status)
{
    switch (status) {
    case BannerMessage::Status::Held: return tr("pending review");
    case BannerMessage::Status::Queued: return tr("queued");
    case BannerMessage::Status::Sent: return tr("sent");
    case BannerMessage::Status::Displaying: return tr("displaying");
    case BannerMessage::Status::Shown: return tr("shown");
    case BannerMessage::Status::Cancelled: return tr("cancelled");
    case BannerMessage::Status::Removed: return tr("removed");
    case BannerMessage::Status::Rejected: return tr("rejected");
    case BannerMessage::Status::Blanked: return tr("blanked");
    case BannerMessage::Status::Interrupted: return tr("interrupted");
    }
    return {};
}

QString MessageQueueModel::countdownText(const QueuedMessage &m) const
{
    const qint64 now = m_clock();
    switch (m.status) {
    case BannerMessage::Status::Displaying:
        return m.endsAtMs > 0 ? tr("ends in %1").arg(duration(m.endsAtMs - now)) : QString();
    case BannerMessage::Status::Sent:
        return tr("awaiting the device");
    case BannerMessage::Status::Held:
        return tr("awaiting review");
    default:
        break;
    }
    if (!m.bannerLinkUp)
        return tr("banner offline");
    if (m.bannerPaused)
        return tr("banner paused");
    if (m.startsAtMs <= 0)
        return QString();
    if (m.startsAtMs > now)
        return tr("starts in %1").arg(duration(m.startsAtMs - now));
    // A start the banner has not made within a few seconds of its estimate is late, and says so: a
    // message that waited ten minutes read "starting" all along, hiding a banner that does not start.
    if (now - m.startsAtMs <= kStartingGraceMs)
        return tr("starting");
    return tr("overdue by %1").arg(duration(now - m.startsAtMs));
}

qint64 MessageQueueModel::countdownSortKey(const QueuedMessage &m)
{
    if (m.status == BannerMessage::Status::Displaying)
        return m.endsAtMs;
    if (m.startsAtMs > 0)
        return m.startsAtMs;
    // What cannot start sorts after everything that can.
    return std::numeric_limits<qint64>::max() / 2 + m.position;
}

QVariant MessageQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueuedMessage &m = m_rows.at(index.row());
    switch (role) {
    case MessageIdRole: return m.messageId;
    case BannerIdRole: return m.bannerId;
    case StatusRole: return int(m.status);
    case PendingRole: return m_pending.contains(m.messageId);
    case Qt::FontRole: {
        if (!m_pending.contains(m.messageId))
            return {};
        QFont font;
        font.setStrikeOut(true);
        return font;
    }
    case Qt::ToolTipRole:
        if (index.column() == BannerColumn)
            return tr("Banner %1 (%2)").arg(m.bannerId).arg(m.callsign);
        if (index.column() == TextColumn)
            return m.text;
        return {};
    case Qt::ForegroundRole:
        if (m_pending.contains(m.messageId))
            return QColor(0x8b, 0x94, 0x9e);
        if (index.column() != StatusColumn)
            return {};
        switch (m.status) {
        case BannerMessage::Status::Displaying: return QColor(0x3f, 0xb9, 0x50);
        case BannerMessage::Status::Held: return QColor(0xe3, 0xa0, 0x08);
        case BannerMessage::Status::Sent: return QColor(0x58, 0xa6, 0xff);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == PositionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortRole;
    switch (index.column()) {
    case BannerColumn: return sort ? QVariant(m.bannerId) : QVariant(m.callsign);
    case PositionColumn: return sort ? QVariant(m.position) : QVariant(m.position == 0 ? tr("on air") : QString::number(m.position));
    case TextColumn: return m.text;
    case AuthorColumn: return m.author;
    case StatusColumn: return sort ? QVariant(int(m.status)) : QVariant(statusText(m.status));
    case SubmittedColumn:
        return sort ? QVariant(m.submittedMs)
                    : QVariant(QDateTime::fromMSecsSinceEpoch(m.submittedMs).toString(QStringLiteral("HH:mm:ss")));
    case CountdownColumn: return sort ? QVariant(countdownSortKey(m)) : QVariant(countdownText(m));
    default: return {};
    }
}

QVariant MessageQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case BannerColumn: return tr("Banner");
    case PositionColumn: return tr("Pos.");
    case TextColumn: return tr("Text");
    case AuthorColumn: return tr("Author");
    case StatusColumn: return tr("Status");
    case SubmittedColumn: return tr("Submitted");
    case CountdownColumn: return tr("Starts / ends");
    default: return {};
    }
}

void MessageQueueModel::setPendingMessages(const QSet<qint64> &messageIds)
{
    if (messageIds == m_pending)
        return;
    QSet<qint64> changed = m_pending;
    changed.unite(messageIds);
    m_pending = messageIds;
    for (qint64 id : changed) {
        const int row = m_rowOf.value(id, -1);
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1), {PendingRole, Qt::FontRole, Qt::ForegroundRole});
    }
}

int MessageQueueModel::countWithStatus(BannerMessage::Status status) const
{
    int n = 0;
    for (const QueuedMessage &m : m_rows) {
        if (m.status == status && !m_pending.contains(m.messageId))
            ++n;
    }
    return n;
}

QList<QueuedMessage> MessageQueueModel::messagesOfBanner(qint64 bannerId) const
{
    QList<QueuedMessage> messages;
    for (qint64 id : m_idsOfBanner.value(bannerId)) {
        const int row = m_rowOf.value(id, -1);
        if (row >= 0)
            messages.append(m_rows.at(row));
    }
    std::sort(messages.begin(), messages.end(), [](const QueuedMessage &a, const QueuedMessage &b) { return a.position < b.position; });
    return messages;
}

void MessageQueueModel::apply(const QList<BannerQueueUpdate> &updates)
{
    if (updates.isEmpty())
        return;
    // Rows that left.
    QList<int> removed;
    QSet<qint64> incoming;
    for (const BannerQueueUpdate &u : updates) {
        incoming.clear();
        for (const QueuedMessage &m : u.messages)
            incoming.insert(m.messageId);
        for (qint64 id : m_idsOfBanner.value(u.bannerId)) {
            if (!incoming.contains(id))
                removed.append(m_rowOf.value(id));
        }
    }
    if (!removed.isEmpty()) {
        std::sort(removed.begin(), removed.end(), std::greater<int>());
        removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
        int removedRuns = 0;
        for (qsizetype r = 0; r < removed.size(); ++r)
            removedRuns += (r == 0 || removed.at(r) != removed.at(r - 1) - 1) ? 1 : 0;
        if (removedRuns > MaxRunsToldOneByOne) {
            // Scattered removals, like scattered changes (below), cost the sorting proxy a pass
            // over the whole queue per run: told as one layout change, the rows that stay keep
            // their persistent indexes (the view's selection and current row).
            emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
            QList<int> newRowOf(m_rows.size(), 0);
            for (int row : removed)
                newRowOf[row] = -1;
            QList<QueuedMessage> kept;
            kept.reserve(m_rows.size() - removed.size());
            for (int row = 0; row < m_rows.size(); ++row) {
                if (newRowOf.at(row) < 0)
                    continue;
                newRowOf[row] = int(kept.size());
                kept.append(m_rows.at(row));
            }
            m_rows = std::move(kept);
            const QModelIndexList from = persistentIndexList();
            QModelIndexList to;
            to.reserve(from.size());
            for (const QModelIndex &index : from) {
                const int row = newRowOf.value(index.row(), -1);
                to.append(row < 0 ? QModelIndex() : this->index(row, index.column()));
            }
            changePersistentIndexList(from, to);
            rebuildIndex(); // before the signal: its receivers look rows up by message id
            emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        } else {
            // A few runs: removed from the bottom up, each run one signal.
            qsizetype i = 0;
            while (i < removed.size()) {
                int last = removed.at(i);
                int first = last;
                ++i;
                while (i < removed.size() && removed.at(i) == first - 1) {
                    first = removed.at(i);
                    ++i;
                }
                beginRemoveRows({}, first, last);
                m_rows.remove(first, last - first + 1);
                endRemoveRows();
            }
            rebuildIndex();
        }
    }

    // Rows that stayed are updated in place; new ones are appended together.
    QList<QueuedMessage> added;
    QList<std::pair<int, QueuedMessage>> changed;
    for (const BannerQueueUpdate &u : updates) {
        for (const QueuedMessage &m : u.messages) {
            const int row = m_rowOf.value(m.messageId, -1);
            if (row < 0)
                added.append(m);
            else if (!(m_rows.at(row) == m))
                changed.append({row, m});
        }
    }
    std::sort(changed.begin(), changed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    int runs = 0;
    for (qsizetype i = 0; i < changed.size(); ++i)
        runs += (i == 0 || changed.at(i).first != changed.at(i - 1).first + 1) ? 1 : 0;
    // How the view's sorting proxy is told matters more than the change itself. It re-sorts every row
    // a dataChanged covers: one signal per row re-sorted the whole queue once per row (the console's
    // 2-hour soak fell minutes behind), and one signal spanning the first to the last changed row
    // re-sorted every row in between, changed or not (the CI soak's GUI thread never caught up after a
    // reopen with 16,000 queues). So a few runs of rows are told as those runs, and a busy update as
    // one layout change, after which the proxy sorts once.
    if (runs > MaxRunsToldOneByOne) {
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        for (const auto &[row, m] : changed)
            m_rows[row] = m;
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    } else {
        qsizetype i = 0;
        while (i < changed.size()) {
            const int first = changed.at(i).first;
            int last = first;
            m_rows[first] = changed.at(i).second;
            ++i;
            while (i < changed.size() && changed.at(i).first == last + 1) {
                last = changed.at(i).first;
                m_rows[last] = changed.at(i).second;
                ++i;
            }
            emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows += added;
        for (int row = first; row < m_rows.size(); ++row)
            m_rowOf.insert(m_rows.at(row).messageId, row);
        endInsertRows();
    }
    for (const BannerQueueUpdate &u : updates) {
        QList<qint64> ids;
        for (const QueuedMessage &m : u.messages)
            ids.append(m.messageId);
        if (ids.isEmpty())
            m_idsOfBanner.remove(u.bannerId);
        else
            m_idsOfBanner.insert(u.bannerId, ids);
        emit bannerQueueChanged(u.bannerId);
    }
}

void MessageQueueModel::rebuildIndex()
{
    m_rowOf.clear();
    m_idsOfBanner.clear();
    for (int row = 0; row < m_rows.size(); ++row) {
        m_rowOf.insert(m_rows.at(row).messageId, row);
        m_idsOfBanner[m_rows.at(row).bannerId].append(m_rows.at(row).messageId);
    }
}

void MessageQueueModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    m_idsOfBanner.clear();
    endResetModel();
}

} // namespace airdisplay
