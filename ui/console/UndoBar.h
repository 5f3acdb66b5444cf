#pragma once

#include <QFrame>

class QAction;
class QLabel;
class QPushButton;

namespace airdisplay {

class DispatcherActions;

// "Message removed — Undo": shown over the queue while a remove, move or reject waits out its undo
// window, as in a mail client. Undo (the button or Ctrl+Z) drops the latest held command unsent.
class UndoBar : public QFrame
{
    Q_OBJECT

public:
    explicit UndoBar(DispatcherActions *actions, QWidget *parent = nullptr);

    QAction *undoAction() const { return m_undo; }
    QLabel *label() const { return m_label; }
    QPushButton *undoButton() const { return m_button; }

private:
    void update();

    DispatcherActions *m_actions;
    QLabel *m_label;
    QPushButton *m_button;
    QAction *m_undo;
};

} // namespace airdisplay
