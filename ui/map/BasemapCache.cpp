#include "BasemapCache.h"

#include "Basemap.h"
#include "MapLogging.h"
#include "MapViewport.h"
#include "MercatorProjection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPainter>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace airdisplay {

BasemapCache::BasemapCache(QObject *parent)
    : QObject(parent)
{
    // The watcher delivers on this object's thread; once the cache is gone the worker's result is
    // simply dropped with the future, since the worker holds nothing of ours.
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &BasemapCache::finished);
}

BasemapCache::~BasemapCache() = default;

void BasemapCache::paint(QPainter &painter, const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme)
{
    const qreal dpr = painter.device()->devicePixelRatioF();
    const bool covered = covers(viewport, dpr);
    if (!covered) {
        const Request request = requestFor(basemap, viewport, theme, dpr);
        if (m_running) { // until its answer is delivered, not only computed
            // One render at a time; while it runs only the newest view asked for is kept, so a zoom
            // gesture does not queue a render per frame.
            if (!requestCovers(*m_running, viewport, dpr))
                m_next = request;
        } else {
            start(request);
        }
        painter.fillRect(QRectF(QPointF(0, 0), viewport.size()), theme.sea);
    }
    if (m_shown.image.isNull())
        return;
    const QPointF offset = viewport.worldToScreen(m_shown.originWorld);
    if (m_shown.worldPx == viewport.worldPx()) {
        // Whole pixels: a fractional offset would make the raster engine resample the whole image.
        painter.drawImage(QPointF(std::round(offset.x() * dpr) / dpr, std::round(offset.y() * dpr) / dpr), m_shown.image);
    } else {
        // Made for another zoom: stretched until the fresh one arrives (a few frames).
        const double scale = viewport.worldPx() / m_shown.worldPx;
        painter.drawImage(QRectF(offset, m_shown.image.deviceIndependentSize() * scale), m_shown.image);
    }
}

void BasemapCache::invalidate()
{
    ++m_generation;
    m_next.reset();
}

bool BasemapCache::covers(const MapViewport &viewport, qreal dpr) const
{
    if (m_shown.image.isNull() || m_shown.generation != m_generation || m_shown.worldPx != viewport.worldPx()
        || m_shown.image.devicePixelRatio() != dpr)
        return false;
    const QPointF offset = viewport.worldToScreen(m_shown.originWorld);
    const QSizeF imageSize = m_shown.image.deviceIndependentSize();
    return offset.x() <= 0.5 && offset.y() <= 0.5 && offset.x() + imageSize.width() >= viewport.size().width() - 0.5
        && offset.y() + imageSize.height() >= viewport.size().height() - 0.5;
}

bool BasemapCache::requestCovers(const Request &request, const MapViewport &viewport, qreal dpr) const
{
    // A render for an old theme covers nothing: it will be dropped when it arrives.
    if (request.generation != m_generation || request.worldPx != viewport.worldPx() || request.dpr != dpr)
        return false;
    const QPointF offset = viewport.worldToScreen(request.originWorld);
    const QSizeF imageSize = QSizeF(request.deviceSize) / dpr;
    return offset.x() <= 0.5 && offset.y() <= 0.5 && offset.x() + imageSize.width() >= viewport.size().width() - 0.5
        && offset.y() + imageSize.height() >= viewport.size().height() - 0.5;
}

QString BasemapCache::attribution() const
{
    return m_shown.attribution.isEmpty() ? tr("Natural Earth") : m_shown.attribution;
}

void BasemapCache::setDetailedCoastEnabled(bool enabled)
{
    if (m_detailedCoast == enabled)
        return;
    m_detailedCoast = enabled;
    invalidate();
}

BasemapCache::Request BasemapCache::requestFor(const Basemap &basemap, const MapViewport &viewport,
                                               const MapTheme &theme, qreal dpr) const
{
    Request request;
    const QSizeF logical = viewport.size() + QSizeF(2 * MarginPx, 2 * MarginPx);
    request.deviceSize = QSize(int(std::ceil(logical.width() * dpr)), int(std::ceil(logical.height() * dpr)));
    request.dpr = dpr;
    request.worldPx = viewport.worldPx();
    // Anchor on a whole pixel of the world so successive renders line up with each other.
    const QPointF origin = viewport.screenToWorld(QPointF(-MarginPx, -MarginPx));
    request.originWorld = {std::floor(origin.x() * request.worldPx) / request.worldPx,
                           std::floor(origin.y() * request.worldPx) / request.worldPx};
    request.theme = theme;
    request.generation = m_generation;
    request.basemap = &basemap;
    request.detailedCoast = m_detailedCoast;
    return request;
}

void BasemapCache::start(const Request &request)
{
    m_running = request;
    ++m_rendersStarted;
    m_watcher.setFuture(QtConcurrent::run([request] { return render(request); }));
}

void BasemapCache::finished()
{
    m_running.reset();
    Result result = m_watcher.result();
    // A render for an older theme is dropped; one for a view that has moved on is still the best
    // there is until the next one arrives, and paint() asks for that.
    const bool current = result.generation == m_generation;
    if (current) {
        m_shown = std::move(result);
        ++m_rendersFinished;
    }
    if (m_next) {
        const Request next = *m_next;
        m_next.reset();
        start(next);
    }
    if (current)
        emit imageReady();
}

BasemapCache::Result BasemapCache::render(const Request &request)
{
    QElapsedTimer timer;
    timer.start();
    Result result;
    result.worldPx = request.worldPx;
    result.originWorld = request.originWorld;
    result.generation = request.generation;
    result.image = QImage(request.deviceSize, QImage::Format_RGB32);
    result.image.setDevicePixelRatio(request.dpr);
    const MapTheme &theme = request.theme;
    result.image.fill(theme.outside);

    const QRectF world(request.originWorld, QSizeF(request.deviceSize) / request.dpr / request.worldPx);
    QPainter painter(&result.image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(request.worldPx, request.worldPx);
    painter.translate(-request.originWorld);
    const QRectF visibleWorld = world.intersected(QRectF(0, 0, 1, 1));
    painter.fillRect(visibleWorld, theme.sea);
    paintGraticule(painter, visibleWorld, request.worldPx, theme);

    const std::optional<Coastline::Level> level = request.detailedCoast ? Coastline::levelFor(request.worldPx)
                                                                        : std::nullopt;
    const Coastline *coastline = level ? &Coastline::instance() : nullptr;
    if (coastline && coastline->isValid()) {
        result.stats.coastLevel = level;
        result.stats.coastTiles = coastline->paint(painter, visibleWorld, *level, theme);
        if (request.basemap)
            request.basemap->paintBorders(painter, visibleWorld, request.worldPx, theme);
        result.attribution = tr("GSHHG, Natural Earth");
    } else {
        if (request.basemap)
            request.basemap->paint(painter, visibleWorld, request.worldPx, theme);
        result.attribution = tr("Natural Earth");
    }
    painter.end();
    result.stats.onGuiThread = QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread();
    result.stats.renderMs = double(timer.nsecsElapsed()) / 1e6;
    qCDebug(lcMap) << "basemap rendered at world width" << request.worldPx << "px in" << result.stats.renderMs << "ms,"
                   << result.stats.coastTiles << "coastline tiles";
    return result;
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
