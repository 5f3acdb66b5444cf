#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

namespace airdisplay {

// Places labels beside their anchors so that no two overlap and none covers a plane, greedily in the
// order they are offered (most important first), as map renderers do for point labels: each label
// tries eight positions around its anchor, starting with the one it had in the last frame so labels
// do not jump about while planes move. A label with no free position is left out; the tooltip still
// names its banner. A uniform grid keeps each test to the few rectangles nearby.
class LabelPlacer
{
public:
    static constexpr int PositionCount = 8;

    void reset(const QRectF &bounds, double cellPx = 48.0);
    // Something labels must not cover (a plane glyph).
    void addObstacle(const QRectF &rect);
    // The label's rectangle, or an empty one when it does not fit. `preferred` (0-7, or -1) is tried
    // first; `chosen` receives the position used.
    QRectF place(const QPointF &anchor, double anchorRadius, const QSizeF &size, int preferred, int *chosen = nullptr);

    static QRectF candidate(const QPointF &anchor, double anchorRadius, const QSizeF &size, int position);

private:
    bool isFree(const QRectF &rect) const;
    void insert(const QRectF &rect);
    template<typename F>
    void forCells(const QRectF &rect, F &&f) const;

    QRectF m_bounds;
    double m_cellPx = 48.0;
    int m_columns = 0;
    int m_rows = 0;
    std::vector<std::vector<QRectF>> m_cells;
};

} // namespace airdisplay
