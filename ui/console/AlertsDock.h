#pragma once

#include <QDockWidget>
#include <QSet>

class QAction;
class QLabel;
class QTreeView;

namespace airdisplay {

class AlertsModel;

// The alerts as a dock: a group per kind with its badge (the alerts nobody acknowledged yet), the
// newest alerts under it, acknowledgement of one or of a whole kind, and an optional beep when new
// ones arrive. The title carries the total ("Alerts (12)"), so a tab or the View menu shows it too.
// Activating an alert (click, Enter) asks for its banner to be selected and framed on the map.
class AlertsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit AlertsDock(AlertsModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    AlertsModel *model() const { return m_model; }
    bool soundEnabled() const { return m_sound; }
    void setSoundEnabled(bool enabled) { m_sound = enabled; }
    // How often the sound played; for tests (the offscreen platform's beep makes no sound).
    int beeps() const { return m_beeps; }

    // The current row: that alert; a group row: all of its kind.
    void acknowledgeCurrent();
    void acknowledgeCurrentKind();

signals:
    void bannerActivated(qint64 bannerId);

private:
    // The title's total, and only the kinds that have alerts: empty groups would push the others
    // out of a small dock.
    void updateCounts();
    void activate(const QModelIndex &index);
    void onAlertsRaised(int count);

    AlertsModel *m_model;
    QTreeView *m_view;
    QLabel *m_empty;
    QAction *m_acknowledge;
    QAction *m_acknowledgeKind;
    QSet<int> m_collapsed; // group rows the dispatcher closed
    bool m_sound = false;
    int m_beeps = 0;
    qint64 m_lastBeepMs = 0;
};

} // namespace airdisplay
