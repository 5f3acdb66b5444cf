#pragma once

#include <QComboBox>

namespace airdisplay {

class FleetMapWidget;

// "Go to…": the places a dispatcher jumps between, in one pick instead of twenty wheel notches — the
// whole fleet, the selection, a continent, or one of the beaches banners tow along, framed at a zoom
// that shows its planes.
class MapJumpList : public QComboBox
{
    Q_OBJECT

public:
    explicit MapJumpList(FleetMapWidget *map, QWidget *parent = nullptr);

    // The entries' labels in order, for tests and the accessibility tree; the first is the prompt.
    QStringList places() const;
    // Jumps as if the dispatcher picked `label` (whole, or its first letters; any case); false if there
    // is no such entry or nothing to frame.
    bool jumpTo(const QString &label);

private:
    bool jump(int row);

    FleetMapWidget *m_map;
};

} // namespace airdisplay
