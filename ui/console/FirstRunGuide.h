#pragma once

#include <QFrame>

class QPushButton;

namespace airdisplay {

// What the map shows instead of an empty world while the fleet has no banners (a new database, no
// demo): what the console is for and the two ways to get banners onto it, each a button that opens
// the Settings where it is switched on. It sits over its parent (the map), centred, and follows its
// size; MainWindow shows and hides it, so the map itself knows nothing of it.
class FirstRunGuide : public QFrame
{
    Q_OBJECT

public:
    explicit FirstRunGuide(QWidget *map);

    QPushButton *demoButton() const { return m_demo; }
    QPushButton *devicesButton() const { return m_devices; }

signals:
    void demoFleetRequested();
    void devicesRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    QPushButton *m_demo;
    QPushButton *m_devices;
};

} // namespace airdisplay
