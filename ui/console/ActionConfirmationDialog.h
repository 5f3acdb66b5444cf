#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;

namespace airdisplay {

// Asks before a dispatcher action that cannot be undone or that hits more than one target, and
// lists every target, so nothing is changed that the dispatcher did not see.
class ActionConfirmationDialog : public QDialog
{
    Q_OBJECT

public:
    ActionConfirmationDialog(const QString &actionLabel, const QString &question, const QStringList &targets,
                             QWidget *parent = nullptr);

    QStringList targets() const;
    QString question() const { return m_question; }

private:
    QString m_question;
    QListWidget *m_targets;
};

} // namespace airdisplay
