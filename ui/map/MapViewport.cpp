#include "MapViewport.h"

#include "MercatorProjection.h"

#include <algorithm>
#include <cmath>

namespace airdisplay {

void MapViewport::setSize(const QSizeF &size)
{
    m_size = size.expandedTo(QSizeF(1, 1));
    clamp();
}

void MapViewport::setCenter(const QPointF &world)
{
    m_requestedCenter = world;
    clamp();
}

void MapViewport::setCenterGeo(const GeoCoordinate &coordinate)
{
    setCenter(MercatorProjection::project(coordinate));
}

GeoCoordinate MapViewport::centerGeo() const
{
    return MercatorProjection::unproject(m_center);
}

void MapViewport::setWorldPx(double worldPx)
{
    m_worldPx = worldPx;
    clamp();
}

double MapViewport::zoom() const
{
    return std::log2(m_worldPx / TilePx);
}

void MapViewport::setZoom(double zoom)
{
    setWorldPx(TilePx * std::exp2(zoom));
}

QRectF MapViewport::visibleWorldRect() const
{
    return QRectF(screenToWorld(QPointF(0, 0)), screenToWorld(QPointF(m_size.width(), m_size.height())));
}

void MapViewport::zoomAbout(const QPointF &screenPos, double factor)
{
    const QPointF anchor = screenToWorld(screenPos);
    m_worldPx = std::clamp(m_worldPx * factor, minWorldPx(), TilePx * std::exp2(MaxZoom));
    m_requestedCenter = {anchor.x() - (screenPos.x() - m_size.width() / 2.0) / m_worldPx,
                         anchor.y() - (screenPos.y() - m_size.height() / 2.0) / m_worldPx};
    clamp();
    m_requestedCenter = m_center;
}

void MapViewport::panBy(const QPointF &screenDelta)
{
    m_requestedCenter = m_center - screenDelta / m_worldPx;
    clamp();
    m_requestedCenter = m_center;
}

void MapViewport::showWorld()
{
    m_worldPx = std::max(minWorldPx(), m_size.width());
    m_requestedCenter = {0.5, MercatorProjection::project(20.0, 0.0).y()};
    clamp();
}

double MapViewport::metresPerPixel() const
{
    return MercatorProjection::metresPerWorldUnit(centerGeo().lat) / m_worldPx;
}

double MapViewport::minWorldPx() const
{
    // Zoomed fully out the world fills the view along its longer side: further out would only add
    // empty margin (the map does not wrap), and the polar rows Mercator stretches are what is cut.
    return std::max(TilePx * std::exp2(MinZoom), std::max(m_size.width(), m_size.height()));
}

void MapViewport::clamp()
{
    m_worldPx = std::clamp(m_worldPx, minWorldPx(), TilePx * std::exp2(MaxZoom));
    // There is nothing beyond the world's edges (the map does not wrap): keep it filling the view, or
    // centred when it is smaller than the view.
    const auto clampAxis = [this](double centre, double viewPx) {
        const double half = viewPx / 2.0 / m_worldPx;
        return half >= 0.5 ? 0.5 : std::clamp(centre, half, 1.0 - half);
    };
    m_center = {clampAxis(m_requestedCenter.x(), m_size.width()), clampAxis(m_requestedCenter.y(), m_size.height())};
}

} // namespace airdisplay
