#include "MessageQueueView.h"

#include "MessageQueueFilter.h"
#include "MessageQueueModel.h"
#include "UndoBar.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QResizeEvent>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace airdisplay {

MessageQueueView::MessageQueueView(MessageQueueModel *model, DispatcherActions *actions, QWidget *parent)
    : QWidget(parent), m_model(model), m_filter(new MessageQueueFilter(this)), m_dispatcher(actions),
      m_table(new QTableView(this)), m_search(new QLineEdit(this)), m_status(new QComboBox(this)),
      m_onlySelected(new QCheckBox(tr("Selected banners only"), this)), m_count(new QLabel(this)),
      m_undoBar(new UndoBar(actions, this))
{
    m_filter->setSourceModel(m_model);

    m_search->setPlaceholderText(tr("Filter by banner, text or author"));
    m_search->setClearButtonEnabled(true);
    m_status->addItem(tr("All statuses"));
    for (BannerMessage::Status s : {BannerMessage::Status::Displaying, BannerMessage::Status::Sent,
                                    BannerMessage::Status::Queued, BannerMessage::Status::Held})
        m_status->addItem(MessageQueueModel::statusText(s), int(s));
    connect(m_search, &QLineEdit::textChanged, m_filter, &MessageQueueFilter::setText);
    connect(m_status, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QVariant value = m_status->itemData(index);
        m_filter->setStatus(value.isValid() ? std::optional(BannerMessage::Status(value.toInt())) : std::nullopt);
    });
    connect(m_onlySelected, &QCheckBox::toggled, this, [this](bool on) { m_filter->setBannerFilter(on, m_mapSelection); });

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_search, 1);
    filterRow->addWidget(m_status);
    filterRow->addWidget(m_onlySelected);
    filterRow->addWidget(m_count);

    // Rows leave the view on their own (a message ends, is blanked or filtered out): the selection
    // model then drops them from the selection, but the dispatcher selected a banner, not a row, and
    // the map, the banner panel and Follow stay on it. Only the dispatcher's own clicks and keys
    // change the selected banners.
    // The start is connected before the table and its selection model connect to the model and the
    // end after them: slots run in the order they were connected, so whatever they emit about the
    // selection in between is inside.
    auto changing = [this] { ++m_rowsChanging; };
    auto changed = [this] { m_rowsChanging = qMax(0, m_rowsChanging - 1); };
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeRemoved, this, changing);
    connect(m_filter, &QAbstractItemModel::modelAboutToBeReset, this, changing);
    connect(m_filter, &QAbstractItemModel::layoutAboutToBeChanged, this, changing);
    m_table->setModel(m_filter);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(m_filter, &QAbstractItemModel::modelReset, this, changed);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, changed);
    m_table->setObjectName(QStringLiteral("messageQueueTable"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MessageQueueModel::CountdownColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(MessageQueueModel::TextColumn, QHeaderView::Stretch);
    // The text is what the dispatcher reads: the other columns get what their usual content needs
    // (a callsign, "on air", an author name, a status, a time, "ends in 0:53") and the text the rest.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 16;
    m_table->setColumnWidth(MessageQueueModel::BannerColumn, metrics.horizontalAdvance(QStringLiteral("BNR-00000")) + padding);
    m_table->setColumnWidth(MessageQueueModel::PositionColumn, metrics.horizontalAdvance(tr("on air")) + padding);
    m_table->setColumnWidth(MessageQueueModel::AuthorColumn, metrics.horizontalAdvance(QStringLiteral("demo-customer-00")) + padding);
    m_table->setColumnWidth(MessageQueueModel::StatusColumn, metrics.horizontalAdvance(tr("pending review")) + padding);
    m_table->setColumnWidth(MessageQueueModel::SubmittedColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00")) + padding);
    m_table->setColumnWidth(MessageQueueModel::CountdownColumn, metrics.horizontalAdvance(tr("starts in 00:00")) + padding);
    for (int column : {MessageQueueModel::SubmittedColumn, MessageQueueModel::AuthorColumn})
        m_columnWidths.insert(column, m_table->columnWidth(column));
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MessageQueueView::onSelectionChanged);

    auto *actionRow = new QHBoxLayout;
    using A = DispatcherActions::Action;
    for (const A kind : DispatcherActions::all()) {
        const QKeySequence key = DispatcherActions::shortcut(kind);
        auto *action = new QAction(DispatcherActions::label(kind), this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(tr("%1 (%2)").arg(DispatcherActions::label(kind), key.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, [this, kind] { trigger(kind); });
        addAction(action);
        m_actions.insert(kind, action);
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        actionRow->addWidget(button);
        if (kind == A::MoveDown)
            actionRow->addSpacing(12);
    }
    actionRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_undoBar);
    layout->addLayout(actionRow);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &MessageQueueView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MessageQueueView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MessageQueueView::updateCount);
    // A row's status changes (held becomes queued): what may be done to it changes too.
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &MessageQueueView::updateActions);
    connect(m_dispatcher, &DispatcherActions::engineChanged, this, &MessageQueueView::updateActions);
    // Rows whose command waits out its undo window look pending, and take no other command.
    connect(m_dispatcher, &DispatcherActions::heldChanged, this, [this] {
        m_model->setPendingMessages(m_dispatcher->heldMessageIds());
        updateActions();
    });
    updateCount();
}

QList<DispatcherActions::Target> MessageQueueView::selectedTargets() const
{
    QList<DispatcherActions::Target> targets;
    for (const QModelIndex &proxyIndex : m_table->selectionModel()->selectedRows()) {
        const QueuedMessage &m = m_model->message(m_filter->mapToSource(proxyIndex).row());
        if (m_model->isPending(m.messageId))
            continue;
        int last = 0;
        for (const QueuedMessage &other : m_model->messagesOfBanner(m.bannerId))
            last = qMax(last, other.position);
        targets.append({m.bannerId, m.callsign, m.messageId, m.text, m.position, m.status == BannerMessage::Status::Held, last});
    }
    return targets;
}

void MessageQueueView::showOnlyHeld(bool on)
{
    m_status->setCurrentIndex(on ? m_status->findData(int(BannerMessage::Status::Held)) : 0);
}

void MessageQueueView::onSelectionChanged()
{
    updateActions();
    if (m_applyingMapSelection || m_rowsChanging > 0)
        return;
    QList<qint64> banners;
    for (const DispatcherActions::Target &t : selectedTargets()) {
        if (!banners.contains(t.bannerId))
            banners.append(t.bannerId);
    }
    emit bannersSelected(banners);
}

void MessageQueueView::setSelectedBanners(const QList<qint64> &bannerIds)
{
    m_mapSelection = QSet<qint64>(bannerIds.begin(), bannerIds.end());
    if (m_onlySelected->isChecked())
        m_filter->setBannerFilter(true, m_mapSelection);
    QItemSelection selection;
    for (qint64 banner : bannerIds) {
        for (const QueuedMessage &m : m_model->messagesOfBanner(banner)) {
            const QModelIndex proxy = m_filter->mapFromSource(m_model->index(m_model->rowOfMessage(m.messageId), 0));
            if (proxy.isValid())
                selection.select(proxy, proxy.siblingAtColumn(MessageQueueModel::ColumnCount - 1));
        }
    }
    m_applyingMapSelection = true;
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_table->scrollTo(selection.first().topLeft());
    m_applyingMapSelection = false;
    updateActions();
}

void MessageQueueView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

void MessageQueueView::fitColumns()
{
    // The text is what the dispatcher reads: in a narrow view the columns that matter least (when
    // it was submitted, then by whom; both are in the row's tooltip) give way before the text is
    // cut to a few letters.
    // About 26 capitals: banner texts are mostly upper case, wider than the font's average letter.
    const int wanted = m_table->fontMetrics().horizontalAdvance(QString(26, QLatin1Char('E')));
    int others = 0;
    for (int c = 0; c < MessageQueueModel::ColumnCount; ++c) {
        if (c != MessageQueueModel::TextColumn)
            others += m_columnWidths.value(c, m_table->columnWidth(c));
    }
    int room = width() - 24 - others; // the frame and the scroll bar, roughly
    for (int column : {MessageQueueModel::SubmittedColumn, MessageQueueModel::AuthorColumn}) {
        const bool hide = room < wanted;
        m_table->setColumnHidden(column, hide);
        if (hide)
            room += m_columnWidths.value(column);
    }
}

void MessageQueueView::updateActions()
{
    const QList<DispatcherActions::Target> targets = selectedTargets();
    const bool engine = m_dispatcher->engine() != nullptr;
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it)
        it.value()->setEnabled(engine && !DispatcherActions::applicableTargets(it.key(), targets).isEmpty());
}

void MessageQueueView::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? (total == 1 ? tr("1 message") : tr("%1 messages").arg(total)) : tr("%1 of %2").arg(shown).arg(total));
    updateActions();
}

void MessageQueueView::trigger(DispatcherActions::Action action)
{
    m_dispatcher->run(action, selectedTargets(), this);
}

} // namespace airdisplay
