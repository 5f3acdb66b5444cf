#include "UndoBar.h"

#include "DispatcherActions.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace airdisplay {

UndoBar::UndoBar(DispatcherActions *actions, QWidget *parent)
    : QFrame(parent), m_actions(actions), m_label(new QLabel(this)), m_button(new QPushButton(tr("Undo"), this)),
      m_undo(new QAction(tr("Undo"), this))
{
    setObjectName(QStringLiteral("undoBar"));
    setFrameShape(QFrame::StyledPanel);
    m_undo->setShortcut(QKeySequence::Undo);
    // Anywhere in the window: the dispatcher may already be looking at the map. The bar is hidden
    // while nothing is held, and a hidden widget's shortcut is off.
    m_undo->setShortcutContext(Qt::WindowShortcut);
    m_undo->setToolTip(tr("Undo (%1)").arg(m_undo->shortcut().toString(QKeySequence::NativeText)));
    addAction(m_undo);
    connect(m_undo, &QAction::triggered, m_actions, &DispatcherActions::undoLast);
    connect(m_button, &QPushButton::clicked, m_undo, &QAction::trigger);
    m_button->setToolTip(m_undo->toolTip());

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 2, 2);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_button);
    connect(m_actions, &DispatcherActions::heldChanged, this, &UndoBar::update);
    update();
}

void UndoBar::update()
{
    const auto &held = m_actions->heldCommands();
    setVisible(!held.isEmpty());
    m_undo->setEnabled(!held.isEmpty());
    if (held.isEmpty())
        return;
    // Undo takes back the latest; the others are said to be waiting too.
    const QString latest = m_actions->describeHeld(held.last());
    m_label->setText(held.size() == 1 ? tr("%1 — sent in a few seconds").arg(latest)
                                      : tr("%1 — %2 more waiting to be sent").arg(latest).arg(held.size() - 1));
}

} // namespace airdisplay
