#include "StatusBarFitter.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QStatusBar>

namespace airdisplay {

StatusBarFitter::StatusBarFitter(QStatusBar *bar, const QList<QLabel *> &byImportance)
    : QObject(bar), m_bar(bar), m_labels(byImportance)
{
    // A label's text width is its minimum otherwise, and the window's minimum width their sum.
    for (QLabel *label : std::as_const(m_labels))
        label->setMinimumWidth(1);
    bar->installEventFilter(this);
    connect(bar, &QStatusBar::messageChanged, this, &StatusBarFitter::fit);
}

void StatusBarFitter::fit()
{
    const QString message = m_bar->currentMessage();
    const int messageWidth = message.isEmpty() ? 0 : m_bar->fontMetrics().horizontalAdvance(message) + 24;
    const int reserved = qMin(qMax(MinMessageWidth, messageWidth), int(m_bar->width() * MaxMessageShare));
    int room = m_bar->width() - reserved;
    bool full = false;
    for (QLabel *label : std::as_const(m_labels)) {
        // The layout's spacing and the size grip's share, roughly: a few pixels per widget.
        const int width = label->sizeHint().width() + 8;
        // Once one does not fit, the less important ones after it stay hidden too, so that the
        // counters never reorder themselves as their widths change by a digit.
        full = full || width > room;
        label->setVisible(!full);
        if (!full)
            room -= width;
    }
}

bool StatusBarFitter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_bar && event->type() == QEvent::Resize)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace airdisplay
