#include "RejectReasonDialog.h"

#include "BannerCommand.h"
#include "MessageText.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace airdisplay {

RejectReasonDialog::RejectReasonDialog(const QStringList &targets, QWidget *parent)
    : QDialog(parent), m_targetTexts(targets), m_common(new QListWidget(this)), m_reason(new QLineEdit(this)),
      m_count(new QLabel(this))
{
    setWindowTitle(tr("Reject"));
    setObjectName(QStringLiteral("rejectReason"));
    auto *layout = new QVBoxLayout(this);
    auto *question = new QLabel(targets.size() == 1 ? tr("Reject this message?") : tr("Reject these %1 messages?").arg(targets.size()), this);
    layout->addWidget(question);
    auto *list = new QListWidget(this);
    list->addItems(targets);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->setMaximumHeight(22 * 4 + 8);
    layout->addWidget(list);

    auto *why = new QLabel(tr("Reason, shown to the customer (optional):"), this);
    why->setBuddy(m_reason);
    layout->addWidget(why);
    m_common->addItems(commonReasons());
    m_common->setObjectName(QStringLiteral("commonReasons"));
    connect(m_common, &QListWidget::currentTextChanged, m_reason, &QLineEdit::setText);
    layout->addWidget(m_common);
    // The engine's own limit: what is typed here is never refused for its length.
    m_reason->setMaxLength(command::Reject::maxReasonLength);
    m_reason->setPlaceholderText(tr("Pick one above or write your own"));
    m_reason->setClearButtonEnabled(true);
    connect(m_reason, &QLineEdit::textChanged, this, &RejectReasonDialog::updateCount);
    layout->addWidget(m_reason);
    m_count->setAlignment(Qt::AlignRight);
    layout->addWidget(m_count);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Reject"));
    // As for every action that cannot be taken back later: Enter out of habit does not reject.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    updateCount();
    resize(480, 420);
}

QStringList RejectReasonDialog::commonReasons()
{
    return {tr("Not suitable for a family audience"), tr("Personal details such as names or phone numbers"),
            tr("Advertising is not allowed"), tr("Offensive or hateful"), tr("Hard to read on a banner")};
}

QString RejectReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

void RejectReasonDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
}

void RejectReasonDialog::updateCount()
{
    m_count->setText(tr("%1 / %2 characters").arg(MessageText::characterCount(reason())).arg(command::Reject::maxReasonLength));
}

} // namespace airdisplay
