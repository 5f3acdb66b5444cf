#include "LabelPlacer.h"

#include <algorithm>
#include <cmath>

namespace airdisplay {

void LabelPlacer::reset(const QRectF &bounds, double cellPx)
{
    m_bounds = bounds;
    m_cellPx = cellPx;
    m_columns = std::max(1, int(std::ceil(bounds.width() / cellPx)));
    m_rows = std::max(1, int(std::ceil(bounds.height() / cellPx)));
    m_cells.resize(size_t(m_columns * m_rows));
    for (std::vector<QRectF> &cell : m_cells)
        cell.clear(); // keeps each cell's capacity: a frame places without allocating
}

template<typename F>
void LabelPlacer::forCells(const QRectF &rect, F &&f) const
{
    const int x0 = std::clamp(int((rect.left() - m_bounds.left()) / m_cellPx), 0, m_columns - 1);
    const int x1 = std::clamp(int((rect.right() - m_bounds.left()) / m_cellPx), 0, m_columns - 1);
    const int y0 = std::clamp(int((rect.top() - m_bounds.top()) / m_cellPx), 0, m_rows - 1);
    const int y1 = std::clamp(int((rect.bottom() - m_bounds.top()) / m_cellPx), 0, m_rows - 1);
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            if (!f(size_t(y * m_columns + x)))
                return;
        }
    }
}

bool LabelPlacer::isFree(const QRectF &rect) const
{
    bool free = true;
    forCells(rect, [&](size_t cell) {
        for (const QRectF &taken : m_cells[cell]) {
            if (taken.intersects(rect)) {
                free = false;
                return false;
            }
        }
        return true;
    });
    return free;
}

void LabelPlacer::insert(const QRectF &rect)
{
    forCells(rect, [&](size_t cell) {
        m_cells[cell].push_back(rect);
        return true;
    });
}

void LabelPlacer::addObstacle(const QRectF &rect)
{
    if (rect.intersects(m_bounds))
        insert(rect);
}

QRectF LabelPlacer::candidate(const QPointF &anchor, double r, const QSizeF &size, int position)
{
    const double w = size.width();
    const double h = size.height();
    const double gap = 3.0;
    switch (position) {
    case 0: return {anchor.x() + r + gap, anchor.y() - h / 2.0, w, h};              // right
    case 1: return {anchor.x() - r - gap - w, anchor.y() - h / 2.0, w, h};          // left
    case 2: return {anchor.x() + r * 0.7, anchor.y() - r * 0.7 - gap - h, w, h};   // above right
    case 3: return {anchor.x() + r * 0.7, anchor.y() + r * 0.7 + gap, w, h};       // below right
    case 4: return {anchor.x() - r * 0.7 - w, anchor.y() - r * 0.7 - gap - h, w, h}; // above left
    case 5: return {anchor.x() - r * 0.7 - w, anchor.y() + r * 0.7 + gap, w, h};   // below left
    case 6: return {anchor.x() - w / 2.0, anchor.y() - r - gap - h, w, h};          // above
    default: return {anchor.x() - w / 2.0, anchor.y() + r + gap, w, h};            // below
    }
}

QRectF LabelPlacer::place(const QPointF &anchor, double anchorRadius, const QSizeF &size, int preferred, int *chosen)
{
    for (int attempt = -1; attempt < PositionCount; ++attempt) {
        const int position = attempt < 0 ? preferred : attempt;
        if (position < 0 || (attempt >= 0 && position == preferred))
            continue;
        const QRectF rect = candidate(anchor, anchorRadius, size, position);
        if (!m_bounds.contains(rect) || !isFree(rect))
            continue;
        insert(rect);
        if (chosen)
            *chosen = position;
        return rect;
    }
    return {};
}

} // namespace airdisplay
