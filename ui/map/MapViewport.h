#pragma once

#include "GeoCoordinate.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace airdisplay {

// Which part of the Mercator world a widget of a given size shows: a centre in world units and the
// width of the whole world in pixels. Kept apart from the widget so the arithmetic is testable.
class MapViewport
{
public:
    // Zoom 0 shows the world as one 256 px tile, as slippy maps do; 20 is a few metres per pixel.
    static constexpr double MinZoom = 0.0;
    static constexpr double MaxZoom = 20.0;
    static constexpr double TilePx = 256.0;

    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }

    void setCenter(const QPointF &world);
    QPointF center() const { return m_center; }
    void setCenterGeo(const GeoCoordinate &coordinate);
    GeoCoordinate centerGeo() const;

    // Width of the whole world in pixels; the one scale factor between world units and the screen.
    double worldPx() const { return m_worldPx; }
    void setWorldPx(double worldPx);
    double zoom() const;
    void setZoom(double zoom);

    QPointF worldToScreen(const QPointF &world) const
    {
        return {(world.x() - m_center.x()) * m_worldPx + m_size.width() / 2.0,
                (world.y() - m_center.y()) * m_worldPx + m_size.height() / 2.0};
    }
    QPointF screenToWorld(const QPointF &screen) const
    {
        return {(screen.x() - m_size.width() / 2.0) / m_worldPx + m_center.x(),
                (screen.y() - m_size.height() / 2.0) / m_worldPx + m_center.y()};
    }
    QRectF visibleWorldRect() const;

    // Keeps the world point under `screenPos` where it is, as map users expect from a wheel.
    void zoomAbout(const QPointF &screenPos, double factor);
    void panBy(const QPointF &screenDelta);
    // The whole width of the world, centred a little north of the equator where most people live.
    void showWorld();
    // Ground metres per pixel at the centre of the view.
    double metresPerPixel() const;

private:
    double minWorldPx() const;
    void clamp();

    QSizeF m_size{TilePx, TilePx};
    // What was asked for, and what is shown once the world's edges are respected. Kept apart so that
    // centring on a place before zooming in works as well as after.
    QPointF m_requestedCenter{0.5, 0.5};
    QPointF m_center{0.5, 0.5};
    double m_worldPx = TilePx;
};

} // namespace airdisplay
