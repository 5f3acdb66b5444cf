#pragma once

#include <QList>
#include <QObject>

class QLabel;
class QStatusBar;

namespace airdisplay {

// Keeps the status bar's counters from crowding out its messages and from setting the window's
// minimum width: the counters are shown in order of importance while they fit beside the message
// area (the current message, or room for one), and the rest are hidden until there is room again.
// The bar's permanent widgets otherwise all stay, overwrite the message and, since a status bar is
// as wide as their sum at least, make a narrow window impossible.
class StatusBarFitter : public QObject
{
    Q_OBJECT

public:
    // The labels, most important first; they must already be the bar's permanent widgets.
    StatusBarFitter(QStatusBar *bar, const QList<QLabel *> &byImportance);

    // Runs by itself when the bar is resized or its message changes; call it after changing a
    // counter's text, which may change its width.
    void fit();

    // Room kept for a message when none is shown, and the share of the bar a long message may take.
    static constexpr int MinMessageWidth = 220;
    static constexpr double MaxMessageShare = 0.6;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QStatusBar *m_bar;
    QList<QLabel *> m_labels;
};

} // namespace airdisplay
