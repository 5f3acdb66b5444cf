#include "AlertsDock.h"

#include "AlertsModel.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace airdisplay {

namespace {
// A fleet that loses its link loses it for many banners over a few seconds: one beep for all of them.
constexpr qint64 kBeepSpacingMs = 5000;
} // namespace

AlertsDock::AlertsDock(AlertsModel *model, QWidget *parent)
    : QDockWidget(parent), m_model(model), m_view(new QTreeView(this)), m_empty(new QLabel(this)),
      m_acknowledge(new QAction(tr("Acknowledge"), this)), m_acknowledgeKind(new QAction(tr("Acknowledge all of this kind"), this))
{
    setObjectName(QStringLiteral("alertsDock"));

    m_view->setObjectName(QStringLiteral("alertsView"));
    m_view->setModel(model);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(AlertsModel::AlertColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(AlertsModel::SinceColumn, QHeaderView::ResizeToContents);
    // Groups that have something to show start open; "and N more" keeps each of them short.
    m_view->expandAll();
    // A group the dispatcher closed stays closed; the others open when their first alert arrives.
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex &group) { m_collapsed.insert(group.row()); });
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex &group) { m_collapsed.remove(group.row()); });
    connect(model, &QAbstractItemModel::rowsInserted, m_view, [this](const QModelIndex &group) {
        if (group.isValid() && !m_collapsed.contains(group.row()) && !m_view->isExpanded(group))
            m_view->expand(group);
    });
    connect(model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);

    // A click frames the banner; Enter does too (activated). The group rows open and close instead.
    connect(m_view, &QTreeView::clicked, this, &AlertsDock::activate);
    connect(m_view, &QTreeView::activated, this, &AlertsDock::activate);

    m_acknowledge->setObjectName(QStringLiteral("acknowledgeAlert"));
    m_acknowledge->setToolTip(tr("Acknowledge the selected alert (Space); on a group, every alert of its kind"));
    m_acknowledge->setShortcut(Qt::Key_Space);
    m_acknowledge->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_acknowledge, &QAction::triggered, this, &AlertsDock::acknowledgeCurrent);
    m_acknowledgeKind->setObjectName(QStringLiteral("acknowledgeAlertKind"));
    m_acknowledgeKind->setToolTip(tr("Acknowledge every alert of the selected alert's kind"));
    connect(m_acknowledgeKind, &QAction::triggered, this, &AlertsDock::acknowledgeCurrentKind);
    m_view->addAction(m_acknowledge);
    m_view->addAction(m_acknowledgeKind);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize(QSize(12, 12));
    bar->addAction(m_acknowledge);
    bar->addAction(m_acknowledgeKind);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(bar);
    layout->addWidget(m_view, 1);
    m_empty->setObjectName(QStringLiteral("noAlerts"));
    m_empty->setText(tr("No alerts: every banner is connected, charged and reporting, and nothing waits for review."));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_empty, 1);
    setWidget(content);

    connect(model, &AlertsModel::countsChanged, this, &AlertsDock::updateCounts);
    connect(model, &AlertsModel::alertsRaised, this, &AlertsDock::onAlertsRaised);
    updateCounts();
}

void AlertsDock::updateCounts()
{
    const int total = m_model->unacknowledgedTotal();
    setWindowTitle(total > 0 ? tr("Alerts (%1)").arg(QLocale().toString(total)) : tr("Alerts"));
    bool any = false;
    for (int k = 0; k < Alert::KindCount; ++k) {
        const bool has = m_model->count(Alert::Kind(k)) > 0;
        m_view->setRowHidden(k, QModelIndex(), !has);
        any = any || has;
    }
    m_view->setVisible(any);
    m_empty->setVisible(!any);
    m_acknowledge->setEnabled(any);
    m_acknowledgeKind->setEnabled(any);
}

void AlertsDock::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    // A group row has no banner: it opens and closes with its arrow or a double-click.
    const qint64 banner = index.data(AlertsModel::BannerIdRole).toLongLong();
    if (banner != 0)
        emit bannerActivated(banner);
}

void AlertsDock::acknowledgeCurrent()
{
    m_model->acknowledge(m_view->currentIndex().siblingAtColumn(0));
}

void AlertsDock::acknowledgeCurrentKind()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_model->acknowledgeAll(Alert::Kind(current.data(AlertsModel::KindRole).toInt()));
}

void AlertsDock::onAlertsRaised(int count)
{
    if (!m_sound || count <= 0)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastBeepMs < kBeepSpacingMs)
        return;
    m_lastBeepMs = now;
    ++m_beeps;
    QApplication::beep();
}

} // namespace airdisplay
