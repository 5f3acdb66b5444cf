#include "ActionConfirmationDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace airdisplay {

ActionConfirmationDialog::ActionConfirmationDialog(const QString &actionLabel, const QString &question,
                                                   const QStringList &targets, QWidget *parent)
    : QDialog(parent), m_question(question), m_targets(new QListWidget(this))
{
    setWindowTitle(tr("Confirm: %1").arg(actionLabel));
    setObjectName(QStringLiteral("actionConfirmation"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(question, this);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_targets->addItems(targets);
    m_targets->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_targets);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(actionLabel);
    // Cancel is the default: Enter pressed out of habit must not remove a customer's message.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(480, qMin(560, 160 + 22 * int(targets.size())));
}

QStringList ActionConfirmationDialog::targets() const
{
    QStringList items;
    for (int i = 0; i < m_targets->count(); ++i)
        items.append(m_targets->item(i)->text());
    return items;
}

} // namespace airdisplay
