#pragma once

#include <QDialog>
#include <QStringList>

class QLabel;
class QLineEdit;
class QListWidget;

namespace airdisplay {

// Asks why before a rejection: the customer reads the reason with their rejected message. Common
// reasons are one click; free text says the rest. No reason at all is allowed (the customer then
// only sees "rejected"). The messages are listed, so nothing is rejected that the dispatcher did
// not see.
class RejectReasonDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RejectReasonDialog(const QStringList &targets, QWidget *parent = nullptr);

    // What the dispatcher wrote or picked, trimmed.
    QString reason() const;
    void setReason(const QString &reason);
    static QStringList commonReasons();

    QListWidget *commonReasonList() const { return m_common; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QStringList targets() const { return m_targetTexts; }

private:
    void updateCount();

    QStringList m_targetTexts;
    QListWidget *m_common;
    QLineEdit *m_reason;
    QLabel *m_count;
};

} // namespace airdisplay
