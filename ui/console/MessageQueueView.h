#pragma once

#include "DispatcherActions.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace airdisplay {

class MessageQueueFilter;
class MessageQueueModel;
class UndoBar;

// The fleet-wide queue: sortable, filterable, linked to the map's selection both ways, with the
// dispatcher's actions on the selected rows.
class MessageQueueView : public QWidget
{
    Q_OBJECT

public:
    MessageQueueView(MessageQueueModel *model, DispatcherActions *actions, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    MessageQueueFilter *filter() const { return m_filter; }
    QAction *action(DispatcherActions::Action action) const { return m_actions.value(action); }
    UndoBar *undoBar() const { return m_undoBar; }
    // Only what waits for review (the review inbox), or every status again.
    void showOnlyHeld(bool on);
    // Selects the rows of these banners (from the map) without echoing a selection back.
    void setSelectedBanners(const QList<qint64> &bannerIds);
    QList<DispatcherActions::Target> selectedTargets() const;

signals:
    // The dispatcher selected rows: these are their banners.
    void bannersSelected(const QList<qint64> &bannerIds);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitColumns();

    void onSelectionChanged();
    void updateActions();
    void updateCount();
    void trigger(DispatcherActions::Action action);

    MessageQueueModel *m_model;
    MessageQueueFilter *m_filter;
    DispatcherActions *m_dispatcher;
    QTableView *m_table;
    QLineEdit *m_search;
    QComboBox *m_status;
    QCheckBox *m_onlySelected;
    QLabel *m_count;
    UndoBar *m_undoBar;
    QHash<DispatcherActions::Action, QAction *> m_actions;
    QSet<qint64> m_mapSelection;
    bool m_applyingMapSelection = false;
    QHash<int, int> m_columnWidths; // the optional columns' widths, counted while they are hidden
    int m_rowsChanging = 0; // inside a removal, reset or re-sort of the view's rows

};

} // namespace airdisplay
