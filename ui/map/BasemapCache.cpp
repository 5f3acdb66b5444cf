#include "BasemapCache.h"

#include "Basemap.h"
#include "MapLogging.h"
#include "MapTheme.h"
#include "MapViewport.h"
#include "MercatorProjection.h"

#include <QElapsedTimer>
#include <QPainter>

#include <cmath>

namespace airdisplay {

void BasemapCache::paint(QPainter &painter, const Basemap &basemap, const MapViewport &viewport,
                         const MapTheme &theme)
{
    const qreal dpr = painter.device()->devicePixelRatioF();
    if (!covers(viewport, dpr))
        render(basemap, viewport, theme, dpr);
    // Whole pixels: a fractional offset would make the raster engine resample the whole image.
    const QPointF offset = viewport.worldToScreen(m_originWorld);
    painter.drawImage(QPointF(std::round(offset.x() * dpr) / dpr, std::round(offset.y() * dpr) / dpr), m_image);
}

bool BasemapCache::covers(const MapViewport &viewport, qreal dpr) const
{
    if (m_image.isNull() || m_worldPx != viewport.worldPx() || m_image.devicePixelRatio() != dpr)
        return false;
    const QPointF offset = viewport.worldToScreen(m_originWorld);
    const QSizeF imageSize = m_image.deviceIndependentSize();
    return offset.x() <= 0.5 && offset.y() <= 0.5 && offset.x() + imageSize.width() >= viewport.size().width() - 0.5
        && offset.y() + imageSize.height() >= viewport.size().height() - 0.5;
}

void BasemapCache::render(const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme, qreal dpr)
{
    QElapsedTimer timer;
    timer.start();
    const QSizeF logical = viewport.size() + QSizeF(2 * MarginPx, 2 * MarginPx);
    const QSize device(int(std::ceil(logical.width() * dpr)), int(std::ceil(logical.height() * dpr)));
    if (m_image.size() != device || m_image.devicePixelRatio() != dpr) {
        m_image = QImage(device, QImage::Format_RGB32);
        m_image.setDevicePixelRatio(dpr);
    }
    m_worldPx = viewport.worldPx();
    // Anchor on a whole pixel of the world so successive renders line up with each other.
    const QPointF origin = viewport.screenToWorld(QPointF(-MarginPx, -MarginPx));
    m_originWorld = {std::floor(origin.x() * m_worldPx) / m_worldPx, std::floor(origin.y() * m_worldPx) / m_worldPx};
    const QRectF world(m_originWorld, logical / m_worldPx);

    m_image.fill(theme.outside);
    QPainter painter(&m_image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(m_worldPx, m_worldPx);
    painter.translate(-m_originWorld);
    const QRectF visibleWorld = world.intersected(QRectF(0, 0, 1, 1));
    painter.fillRect(visibleWorld, theme.sea);
    paintGraticule(painter, visibleWorld, m_worldPx, theme);
    basemap.paint(painter, visibleWorld, m_worldPx, theme);
    qCDebug(lcMap) << "basemap rendered at zoom" << viewport.zoom() << "in" << timer.elapsed() << "ms";
}

void BasemapCache::paintGraticule(QPainter &painter, const QRectF &world, double worldPx, const MapTheme &theme)
{
    // Lines about every 150 px or more, at round numbers of degrees.
    static constexpr double Steps[] = {30.0, 10.0, 5.0, 2.0, 1.0, 0.5, 0.25, 0.1, 0.05};
    double step = Steps[0];
    for (const double s : Steps) {
        if (s / 360.0 * worldPx < 150.0)
            break;
        step = s;
    }
    QPen pen(theme.graticule, 1.0);
    pen.setCosmetic(true);
    painter.setPen(pen);
    const GeoCoordinate topLeft = MercatorProjection::unproject(world.topLeft());
    const GeoCoordinate bottomRight = MercatorProjection::unproject(world.bottomRight());
    for (double lon = std::ceil(topLeft.lon / step) * step; lon <= bottomRight.lon; lon += step) {
        const double x = MercatorProjection::project(0.0, lon).x();
        painter.drawLine(QPointF(x, world.top()), QPointF(x, world.bottom()));
    }
    for (double lat = std::ceil(bottomRight.lat / step) * step; lat <= topLeft.lat; lat += step) {
        const double y = MercatorProjection::project(lat, 0.0).y();
        painter.drawLine(QPointF(world.left(), y), QPointF(world.right(), y));
    }
}

} // namespace airdisplay
