#pragma once

#include <QImage>
#include <QPointF>

class QPainter;

namespace airdisplay {

class Basemap;
class MapViewport;
struct MapTheme;

// The basemap rendered once per view into an image a margin larger than the widget, so a frame only
// blits it and a pan within the margin needs no redraw. Land at 1:50m is tens of thousands of vertices:
// far too many to fill at 30 Hz.
class BasemapCache
{
public:
    static constexpr int MarginPx = 256;

    void paint(QPainter &painter, const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme);
    void invalidate() { m_image = QImage(); }

private:
    bool covers(const MapViewport &viewport, qreal dpr) const;
    void render(const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme, qreal dpr);
    static void paintGraticule(QPainter &painter, const QRectF &world, double worldPx, const MapTheme &theme);

    QImage m_image;
    double m_worldPx = 0.0;
    QPointF m_originWorld; // world position of the image's top-left pixel
};

} // namespace airdisplay
