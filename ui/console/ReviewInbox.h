#pragma once

#include <QObject>

class QAction;

namespace airdisplay {

class DispatcherActions;
class MessageQueueModel;
class MessageQueueView;

// Review as an inbox: a toolbar action that counts the messages waiting for review ("Review (3)")
// and narrows the queue view to them, keys that walk them in the view's order (J next, K previous)
// selecting each one's banner on the map through the view's own selection, and approve-and-next
// (A). Rejecting (with its reason) and show now are the queue view's actions.
class ReviewInbox : public QObject
{
    Q_OBJECT

public:
    ReviewInbox(MessageQueueView *view, MessageQueueModel *model, DispatcherActions *actions, QObject *parent = nullptr);

    QAction *toggleAction() const { return m_toggle; }
    QAction *nextAction() const { return m_next; }
    QAction *previousAction() const { return m_previous; }
    QAction *approveAndNextAction() const { return m_approveAndNext; }
    // Messages waiting for review, not counting those whose rejection waits out its undo window.
    int count() const { return m_count; }

    // Selects the waiting message after (step 1) or before (step -1) the current row. False if
    // there is none.
    bool select(int step);
    // Approves the selected waiting message and selects the next one.
    bool approveAndNext();

signals:
    void countChanged(int count);

private:
    void updateCount();
    int currentRow() const;
    // The view row of the next waiting message from row in direction step, or -1.
    int waitingRow(int row, int step) const;
    void selectRow(int row);

    MessageQueueView *m_view;
    MessageQueueModel *m_model;
    DispatcherActions *m_actions;
    QAction *m_toggle;
    QAction *m_next;
    QAction *m_previous;
    QAction *m_approveAndNext;
    int m_count = -1;
};

} // namespace airdisplay
