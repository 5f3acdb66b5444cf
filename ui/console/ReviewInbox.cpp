#include "ReviewInbox.h"

#include "DispatcherActions.h"
#include "MessageQueueModel.h"
#include "MessageQueueView.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QTableView>

namespace airdisplay {

ReviewInbox::ReviewInbox(MessageQueueView *view, MessageQueueModel *model, DispatcherActions *actions, QObject *parent)
    : QObject(parent), m_view(view), m_model(model), m_actions(actions), m_toggle(new QAction(this)),
      m_next(new QAction(tr("Next for review"), this)), m_previous(new QAction(tr("Previous for review"), this)),
      m_approveAndNext(new QAction(tr("Approve and next"), this))
{
    m_toggle->setObjectName(QStringLiteral("reviewInbox"));
    m_toggle->setCheckable(true);
    m_toggle->setToolTip(tr("Show only the messages waiting for review (J next, K previous, A approve and next)"));
    connect(m_toggle, &QAction::toggled, this, [this](bool on) {
        m_view->showOnlyHeld(on);
        if (!on)
            return;
        m_view->table()->setFocus();
        // Start at the first one unless a waiting one is selected already.
        const int row = currentRow();
        const QModelIndex current = row >= 0 ? m_view->table()->model()->index(row, 0) : QModelIndex();
        if (!current.isValid() || current.data(MessageQueueModel::StatusRole).toInt() != int(BannerMessage::Status::Held))
            selectRow(waitingRow(-1, 1));
    });

    // Letters, as in mail clients: the table takes no text, and the search field keeps its own
    // (a line edit claims printable keys before shortcuts). Existing Ctrl+, is Settings.
    const std::pair<QAction *, QKeySequence> keys[] = {
        {m_next, QKeySequence(Qt::Key_J)}, {m_previous, QKeySequence(Qt::Key_K)}, {m_approveAndNext, QKeySequence(Qt::Key_A)}};
    for (const auto &[action, key] : keys) {
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(tr("%1 (%2)").arg(action->text(), key.toString(QKeySequence::NativeText)));
        m_view->addAction(action);
    }
    connect(m_next, &QAction::triggered, this, [this] { select(1); });
    connect(m_previous, &QAction::triggered, this, [this] { select(-1); });
    connect(m_approveAndNext, &QAction::triggered, this, &ReviewInbox::approveAndNext);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &ReviewInbox::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReviewInbox::updateCount);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &ReviewInbox::updateCount);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // The countdown ticks every second with the display role alone: no status changed.
                if (roles.isEmpty() || roles.contains(MessageQueueModel::StatusRole) || roles.contains(MessageQueueModel::PendingRole))
                    updateCount();
            });
    updateCount();
}

void ReviewInbox::updateCount()
{
    const int n = m_model->countWithStatus(BannerMessage::Status::Held);
    if (n == m_count)
        return;
    m_count = n;
    m_toggle->setText(tr("Review (%1)").arg(n));
    emit countChanged(n);
}

int ReviewInbox::currentRow() const
{
    const QModelIndexList selected = m_view->table()->selectionModel()->selectedRows();
    const QModelIndex current = m_view->table()->currentIndex();
    if (current.isValid() && m_view->table()->selectionModel()->isRowSelected(current.row(), {}))
        return current.row();
    return selected.isEmpty() ? -1 : selected.first().row();
}

int ReviewInbox::waitingRow(int row, int step) const
{
    const QAbstractItemModel *rows = m_view->table()->model();
    for (int r = row + step; r >= 0 && r < rows->rowCount(); r += step) {
        const QModelIndex index = rows->index(r, 0);
        if (index.data(MessageQueueModel::StatusRole).toInt() == int(BannerMessage::Status::Held)
            && !index.data(MessageQueueModel::PendingRole).toBool())
            return r;
    }
    return -1;
}

void ReviewInbox::selectRow(int row)
{
    if (row < 0)
        return;
    QTableView *table = m_view->table();
    const QModelIndex index = table->model()->index(row, 0);
    // Through the view's selection, which selects the banner on the map and in the panel.
    table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->scrollTo(index);
}

bool ReviewInbox::select(int step)
{
    const int row = currentRow();
    const int from = row >= 0 ? row : (step > 0 ? -1 : m_view->table()->model()->rowCount());
    const int found = waitingRow(from, step);
    if (found < 0)
        return false;
    selectRow(found);
    return true;
}

bool ReviewInbox::approveAndNext()
{
    const int row = currentRow();
    if (row < 0)
        return false;
    const qint64 messageId = m_view->table()->model()->index(row, 0).data(MessageQueueModel::MessageIdRole).toLongLong();
    QList<DispatcherActions::Target> target;
    for (const DispatcherActions::Target &t : m_view->selectedTargets()) {
        if (t.messageId == messageId && t.held)
            target.append(t);
    }
    if (target.isEmpty())
        return false;
    // The next one is found before the approval: once approved, this row may leave the view.
    int next = waitingRow(row, 1);
    if (next < 0)
        next = waitingRow(row, -1);
    const qint64 nextId = next >= 0 ? m_view->table()->model()->index(next, 0).data(MessageQueueModel::MessageIdRole).toLongLong() : 0;
    if (!m_actions->run(DispatcherActions::Action::Approve, target, m_view))
        return false;
    if (nextId != 0) {
        const QAbstractItemModel *rows = m_view->table()->model();
        for (int r = 0; r < rows->rowCount(); ++r) {
            if (rows->index(r, 0).data(MessageQueueModel::MessageIdRole).toLongLong() == nextId) {
                selectRow(r);
                break;
            }
        }
    }
    return true;
}

} // namespace airdisplay
