#include "FleetMapWidget.h"

#include "Basemap.h"
#include "DeadReckoning.h"
#include "MapLogging.h"
#include "MercatorProjection.h"
#include "ScaleBar.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace airdisplay {

namespace {

// Indexing a small fleet takes well under a millisecond: doing it at once keeps the map in step with
// the console. Larger ones go to a worker so the GUI thread never stalls: a few thousand banners,
// indexed up to 30 times a second on a busy machine, were seen holding the GUI thread for over 20 ms.
constexpr size_t SynchronousIndexLimit = 1'000;
// From here (about 40 m a pixel at the equator) planes are large and trail their banner's text.
constexpr double CloseWorldPx = 256.0 * 1024.0 * 4.0;
// Below this (a continent or more in view) a lone banner is a dot: planes would only be noise.
constexpr double ContinentWorldPx = 256.0 * 64.0;
// Aggregation cells are 8-16 px far out and 32-64 px close in (room for a count).
constexpr double FarCellPx = 8.0;
constexpr double CloseCellPx = 32.0;
// Text is what costs most to draw; beyond this many planes in view nobody reads it anyway.
constexpr int MaxTextBanners = 250;
constexpr double HitRadiusPx = 12.0;
constexpr int DragThresholdPx = 4;
constexpr int FrameIntervalMs = 33;

QColor withAlpha(QColor colour, double alpha)
{
    colour.setAlphaF(float(colour.alphaF() * alpha));
    return colour;
}

QString countText(quint32 count)
{
    if (count < 1000)
        return QString::number(count);
    if (count < 10'000)
        return QString::number(count / 1000.0, 'f', 1) + QLatin1Char('k');
    if (count < 1'000'000)
        return QString::number(count / 1000) + QLatin1Char('k');
    return QString::number(count / 1e6, 'f', 1) + QLatin1Char('M');
}

} // namespace

FleetMapWidget::FleetMapWidget(QWidget *parent)
    : QWidget(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    m_viewport.setSize(size());
    m_sprites.setTheme(m_theme);
    connect(&m_indexWatcher, &QFutureWatcher<IndexPtr>::finished, this, [this] {
        applyIndex(m_indexWatcher.result());
        startIndexing();
    });
    m_frameTimer.setInterval(FrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, [this] {
        if (m_animating || (m_follow && m_current))
            update();
    });
    // The basemap image is rendered on a worker; paint again when one arrives.
    connect(&m_basemapCache, &BasemapCache::imageReady, this, qOverload<>(&QWidget::update));
    // The basemap decodes in a few milliseconds; starting it now keeps even that off the first paint.
    (void)QtConcurrent::run([] { (void)Basemap::instance(); });
}

FleetMapWidget::~FleetMapWidget() = default;

void FleetMapWidget::setSnapshot(MapBannerSnapshot snapshot)
{
    if (!snapshot)
        snapshot = std::make_shared<const std::vector<MapBanner>>();
    if (snapshot->size() <= SynchronousIndexLimit && !m_indexWatcher.isRunning()) {
        m_pendingSnapshot.reset();
        applyIndex(std::make_shared<const BannerSpatialIndex>(std::move(snapshot)));
        return;
    }
    m_pendingSnapshot = std::move(snapshot);
    startIndexing();
}

void FleetMapWidget::startIndexing()
{
    if (m_indexWatcher.isRunning() || !m_pendingSnapshot)
        return;
    MapBannerSnapshot snapshot = std::move(m_pendingSnapshot);
    m_pendingSnapshot.reset();
    m_indexWatcher.setFuture(QtConcurrent::run([snapshot] { return std::make_shared<const BannerSpatialIndex>(snapshot); }));
}

void FleetMapWidget::applyIndex(IndexPtr index)
{
    m_index = std::move(index);
    emit snapshotApplied();
    update();
}

MapBannerSnapshot FleetMapWidget::snapshot() const
{
    return m_index ? m_index->snapshot() : MapBannerSnapshot();
}

void FleetMapWidget::setTheme(const MapTheme &theme)
{
    m_theme = theme;
    m_sprites.setTheme(theme);
    m_cloths.setTheme(theme);
    m_basemapCache.invalidate();
    update();
}

void FleetMapWidget::syncViewportSize()
{
    if (m_viewport.size() != QSizeF(size())) {
        m_viewport.setSize(size());
        if (!m_viewInitialised)
            m_viewport.showWorld();
    }
}

void FleetMapWidget::centerOn(const GeoCoordinate &coordinate)
{
    syncViewportSize();
    m_viewInitialised = true;
    m_viewport.setCenterGeo(coordinate);
    viewMoved();
}

void FleetMapWidget::setZoom(double zoom)
{
    syncViewportSize();
    m_viewInitialised = true;
    m_viewport.setZoom(zoom);
    viewMoved();
}

void FleetMapWidget::showWorld()
{
    syncViewportSize();
    // The world view follows the widget's size until someone moves the map.
    m_viewInitialised = false;
    m_viewport.showWorld();
    viewMoved();
}

void FleetMapWidget::viewMoved()
{
    // A tooltip names what was under the cursor before the map moved (find, a queue row centring its
    // banner, the keys): it is told afresh for what is there now, or hidden.
    if (QToolTip::isVisible() && m_cursor) {
        const QString text = tooltipFor(*m_cursor);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(mapToGlobal(m_cursor->toPoint()), text, this);
    } else if (QToolTip::isVisible()) {
        QToolTip::hideText();
    }
    emit viewChanged();
    update();
}

void FleetMapWidget::zoomBy(double factor, const QPointF &anchor)
{
    syncViewportSize();
    m_viewInitialised = true;
    // Zooming about the followed banner keeps it centred; about anything else would end the follow.
    m_viewport.zoomAbout(m_follow && m_current ? QPointF(width() / 2.0, height() / 2.0) : anchor, factor);
    viewMoved();
}

QList<quint64> FleetMapWidget::selectedIds() const
{
    QList<quint64> ids(m_selection.begin(), m_selection.end());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void FleetMapWidget::setSelectedIds(const QList<quint64> &ids)
{
    const QSet<quint64> selection(ids.begin(), ids.end());
    selectIds(selection, ids.isEmpty() ? std::nullopt : std::optional<quint64>(ids.first()));
}

void FleetMapWidget::selectIds(QSet<quint64> ids, std::optional<quint64> current)
{
    m_current = current;
    if (ids == m_selection) {
        update();
        return;
    }
    m_selection = std::move(ids);
    if (!m_current && m_follow)
        setFollowSelected(false);
    update();
    emit selectionChanged(selectedIds());
}

void FleetMapWidget::setFollowSelected(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    emit followSelectedChanged(follow);
    update();
}

void FleetMapWidget::setClock(std::function<qint64()> nowMs)
{
    m_clock = std::move(nowMs);
    update();
}

std::optional<quint64> FleetMapWidget::bannerIdOf(const QString &idOrCallsign) const
{
    const std::optional<quint32> found = indexOf(idOrCallsign);
    return found ? std::optional<quint64>(m_index->banner(*found).id) : std::nullopt;
}

std::optional<quint32> FleetMapWidget::indexOf(const QString &idOrCallsign) const
{
    const QString wanted = idOrCallsign.trimmed();
    if (!m_index || wanted.isEmpty())
        return std::nullopt;
    std::optional<quint32> found;
    bool isNumber = false;
    const quint64 id = wanted.toULongLong(&isNumber);
    if (isNumber)
        found = m_index->indexOfId(id);
    if (!found) {
        // One pass over the callsigns when the dispatcher asks (Ctrl+F), rather than a second index
        // rebuilt 30 times a second for a search done now and then.
        const std::vector<MapBanner> &banners = *m_index->snapshot();
        for (size_t i = 0; i < banners.size(); ++i) {
            if (banners[i].callsign.compare(wanted, Qt::CaseInsensitive) == 0) {
                found = quint32(i);
                break;
            }
        }
    }
    return found;
}

bool FleetMapWidget::findAndCenter(const QString &idOrCallsign)
{
    const std::optional<quint32> found = indexOf(idOrCallsign);
    if (!found)
        return false;
    const MapBanner &banner = m_index->banner(*found);
    selectIds({banner.id}, banner.id);
    syncViewportSize();
    m_viewInitialised = true;
    if (m_viewport.worldPx() < CloseWorldPx)
        m_viewport.setWorldPx(CloseWorldPx * 2.0);
    m_viewport.setCenterGeo(DeadReckoning::position(banner, m_clock()));
    viewMoved();
    return true;
}

std::optional<GeoCoordinate> FleetMapWidget::bannerPosition(quint64 id) const
{
    if (!m_index)
        return std::nullopt;
    const std::optional<quint32> index = m_index->indexOfId(id);
    if (!index)
        return std::nullopt;
    return DeadReckoning::position(m_index->banner(*index), m_clock());
}

std::optional<quint64> FleetMapWidget::bannerAt(const QPoint &pos) const
{
    const std::optional<quint32> index = nearestBanner(pos, HitRadiusPx);
    if (!index)
        return std::nullopt;
    return m_index->banner(*index).id;
}

FleetMapWidget::Detail FleetMapWidget::detail() const
{
    Detail d;
    d.close = m_viewport.worldPx() >= CloseWorldPx;
    const double cellPx = d.close ? CloseCellPx : FarCellPx;
    d.level = std::clamp(int(std::floor(std::log2(m_viewport.worldPx() / cellPx))), 0, BannerSpatialIndex::MaxLevel);
    // Far out a second plane in a 12 px cell would only overlap the first; close in a cell is large
    // enough for a few.
    d.expandLimit = d.close ? 4 : 1;
    return d;
}

QRectF FleetMapWidget::queryRect(const QRectF &worldRect) const
{
    // Banners are indexed where they were last seen; widen the query by how far they can have flown
    // since, measured where a metre is most world units (nearest a pole), and by a glyph's size.
    const double maxLat = std::min(85.0, std::max(std::abs(MercatorProjection::unproject(worldRect.topLeft()).lat),
                                                  std::abs(MercatorProjection::unproject(worldRect.bottomRight()).lat)));
    const double drift = m_index ? DeadReckoning::maxDriftMetres(m_index->maxSpeedKnots())
                                       / MercatorProjection::metresPerWorldUnit(maxLat)
                                 : 0.0;
    const double margin = drift + 2.0 * PlaneSprites::pixelSize(PlaneSprites::Size::Large) / m_viewport.worldPx();
    return worldRect.adjusted(-margin, -margin, margin, margin);
}

QPointF FleetMapWidget::screenPosition(const MapBanner &banner, qint64 nowMs) const
{
    return m_viewport.worldToScreen(MercatorProjection::project(DeadReckoning::position(banner, nowMs)));
}

bool FleetMapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        m_cursor = QPointF(help->pos());
        const QString text = tooltipFor(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void FleetMapWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    syncViewportSize();
    emit viewChanged();
}

void FleetMapWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_frameTimer.start();
}

void FleetMapWidget::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_frameTimer.stop();
}

void FleetMapWidget::followCurrent(qint64 nowMs)
{
    if (!m_follow || !m_current || !m_index)
        return;
    const std::optional<quint32> index = m_index->indexOfId(*m_current);
    if (index)
        m_viewport.setCenterGeo(DeadReckoning::position(m_index->banner(*index), nowMs));
}

void FleetMapWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    syncViewportSize();
    const qint64 now = m_clock();
    followCurrent(now);
    m_basemapCache.paint(painter, Basemap::instance(), m_viewport, m_theme);
    paintBanners(painter, now);
    paintOverlays(painter);
}

void FleetMapWidget::paintBanners(QPainter &painter, qint64 nowMs)
{
    m_animating = false;
    m_stats = {};
    if (!m_index || m_index->size() == 0)
        return;
    const Detail d = detail();
    const QRectF screen = rect();
    const QRectF visible = screen.adjusted(-HitRadiusPx, -HitRadiusPx, HitRadiusPx, HitRadiusPx);
    m_cells.clear();
    m_index->cells(queryRect(m_viewport.visibleWorldRect()), d.level, m_cells);

    painter.setRenderHint(QPainter::Antialiasing, d.close);
    painter.setPen(Qt::NoPen);
    m_planes.clear();
    for (const BannerSpatialIndex::Cell &cell : m_cells) {
        if (cell.count() > d.expandLimit) {
            ++m_stats.aggregateCells;
            paintAggregate(painter, cell, d.close);
            continue;
        }
        for (quint32 i = cell.begin; i < cell.end; ++i) {
            const quint32 index = m_index->bannerAt(i);
            const QPointF pos = screenPosition(m_index->banner(index), nowMs);
            if (visible.contains(pos))
                m_planes.push_back({pos, index});
        }
    }

    const qreal dpr = painter.device()->devicePixelRatioF();
    if (d.close && int(m_planes.size()) <= MaxTextBanners) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        for (const PlaneOnScreen &plane : m_planes) {
            if (!m_index->banner(plane.index).text.isEmpty()) {
                ++m_stats.bannerTexts;
                paintBannerText(painter, plane, dpr);
            }
        }
    }

    m_stats.planes = int(m_planes.size());
    const PlaneSprites::Size size = d.close                                 ? PlaneSprites::Size::Large
                                  : m_viewport.worldPx() < ContinentWorldPx ? PlaneSprites::Size::Dot
                                                                            : PlaneSprites::Size::Small;
    const double half = (PlaneSprites::pixelSize(size) + 2) / 2.0;
    // Whole device pixels and no antialiasing: the raster engine's plain blit, several times faster
    // than the general path it takes for an image at a fractional position.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (const PlaneOnScreen &plane : m_planes) {
        const MapBanner &banner = m_index->banner(plane.index);
        const QPointF topLeft = plane.pos - QPointF(half, half);
        painter.drawImage(QPointF(std::round(topLeft.x() * dpr) / dpr, std::round(topLeft.y() * dpr) / dpr),
                          m_sprites.sprite(banner.status, banner.headingDeg, size, dpr));
    }

    if (!m_selection.isEmpty()) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(m_theme.selection, 1.5));
        for (const PlaneOnScreen &plane : m_planes) {
            if (m_selection.contains(m_index->banner(plane.index).id))
                painter.drawEllipse(plane.pos, half + 3.0, half + 3.0);
        }
    }

    // Keep repainting only while the planes in view move by a visible amount between frames.
    const double pxPerFrame = m_index->maxSpeedKnots() * DeadReckoning::MetresPerNauticalMile / 3600.0
                            * FrameIntervalMs / 1000.0 / m_viewport.metresPerPixel();
    m_animating = !m_planes.empty() && pxPerFrame >= 0.05;
}

void FleetMapWidget::paintAggregate(QPainter &painter, const BannerSpatialIndex::Cell &cell, bool close)
{
    const BannerSpatialIndex::StatusCounts counts = m_index->statusCounts(cell.begin, cell.end);
    const auto dominant = MapBannerStatus(std::max_element(counts.begin(), counts.end()) - counts.begin());
    const QRectF world = cell.worldRect();
    const QRectF r(m_viewport.worldToScreen(world.topLeft()), m_viewport.worldToScreen(world.bottomRight()));
    // Density on a log scale: a cell of 2 and a cell of 10,000 must both be visible and different.
    const double density = std::min(1.0, std::log10(double(cell.count())) / 4.0);
    const QColor colour = m_theme.statusColour(dominant);
    if (!close) {
        // Edges on whole pixels, shared with the neighbours: no seams, no double-blended lines.
        const QPoint topLeft(int(std::lround(r.left())), int(std::lround(r.top())));
        const QPoint bottomRight(int(std::lround(r.right())), int(std::lround(r.bottom())));
        painter.fillRect(QRect(topLeft, bottomRight - QPoint(1, 1)), withAlpha(colour, 0.1 + 0.9 * density));
        return;
    }
    const double radius = std::min(r.width(), r.height()) * (0.28 + 0.14 * density);
    painter.setPen(QPen(withAlpha(colour, 0.9), 2.0));
    painter.setBrush(withAlpha(m_theme.overlayBackground, 0.85));
    painter.drawEllipse(r.center(), radius, radius);
    painter.setPen(m_theme.overlayText);
    QFont font = painter.font();
    font.setPixelSize(std::max(9, int(radius * 0.8)));
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(QRectF(r.center() - QPointF(radius, radius), QSizeF(2 * radius, 2 * radius)), Qt::AlignCenter,
                     countText(cell.count()));
    painter.setPen(Qt::NoPen);
}

void FleetMapWidget::paintBannerText(QPainter &painter, const PlaneOnScreen &plane, qreal dpr)
{
    const MapBanner &banner = m_index->banner(plane.index);
    const QImage &cloth = m_cloths.cloth(banner.text, banner.status, dpr);
    const QSizeF size = cloth.deviceIndependentSize();
    const double tail = PlaneSprites::pixelSize(PlaneSprites::Size::Large) / 2.0;
    const double rope = 10.0;

    painter.save();
    painter.translate(plane.pos);
    // +x is the direction of flight; the banner is towed behind, along -x.
    painter.rotate(double(banner.headingDeg) - 90.0);
    painter.setPen(QPen(withAlpha(m_theme.overlayText, 0.6), 1.0));
    painter.drawLine(QPointF(-tail, 0), QPointF(-tail - rope, 0));
    const QRectF rect(-tail - rope - size.width(), -size.height() / 2.0, size.width(), size.height());
    // Text always upright: a plane flying west tows its banner to the east, and it still reads.
    const double heading = std::fmod(std::fmod(double(banner.headingDeg), 360.0) + 360.0, 360.0);
    if (heading > 180.0) {
        painter.translate(rect.center());
        painter.rotate(180.0);
        painter.translate(-rect.center());
    }
    painter.drawImage(rect, cloth);
    painter.restore();
}

void FleetMapWidget::paintOverlays(QPainter &painter)
{
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_drag == Drag::RubberBand && m_cursor) {
        const QRectF band = QRectF(m_pressPos, *m_cursor).normalized();
        painter.setPen(QPen(m_theme.selection, 1.0, Qt::DashLine));
        painter.setBrush(withAlpha(m_theme.selection, 0.12));
        painter.drawRect(band);
    }
    paintScaleBar(painter);

    QFont font = this->font();
    font.setPixelSize(12);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    QStringList lines;
    if (m_cursor) {
        const GeoCoordinate at = MercatorProjection::unproject(m_viewport.screenToWorld(*m_cursor));
        lines << tr("%1° %2  %3° %4")
                     .arg(std::abs(at.lat), 0, 'f', 4)
                     .arg(at.lat >= 0 ? tr("N") : tr("S"))
                     .arg(std::abs(at.lon), 0, 'f', 4)
                     .arg(at.lon >= 0 ? tr("E") : tr("W"));
    }
    lines << m_basemapCache.attribution(); // names what the basemap image shows, e.g. "GSHHG, Natural Earth"
    const double lineHeight = metrics.height();
    double y = height() - 8.0 - lineHeight * lines.size();
    for (const QString &line : lines) {
        const double w = metrics.horizontalAdvance(line);
        const QRectF box(width() - w - 18.0, y, w + 10.0, lineHeight);
        painter.fillRect(box, m_theme.overlayBackground);
        painter.setPen(m_theme.overlayText);
        painter.drawText(box, Qt::AlignCenter, line);
        y += lineHeight;
    }
}

void FleetMapWidget::paintScaleBar(QPainter &painter)
{
    const double metresPerPixel = m_viewport.metresPerPixel();
    const ScaleBar::Length metric = ScaleBar::choose(metresPerPixel, 140.0, 1.0);
    const ScaleBar::Length nautical = ScaleBar::choose(metresPerPixel, 140.0, DeadReckoning::MetresPerNauticalMile);
    const QString metricText = metric.units >= 1000.0 ? tr("%1 km").arg(metric.units / 1000.0)
                                                      : tr("%1 m").arg(metric.units);
    const QString nauticalText = tr("%1 NM").arg(nautical.units);

    QFont font = this->font();
    font.setPixelSize(11);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const double x = 12.0;
    const double bottom = height() - 12.0;
    const double barWidth = std::max(metric.px, nautical.px);
    const double textWidth = std::max(metrics.horizontalAdvance(metricText), metrics.horizontalAdvance(nauticalText));
    painter.fillRect(QRectF(x - 6.0, bottom - 2 * metrics.height() - 8.0, barWidth + textWidth + 20.0,
                            2 * metrics.height() + 14.0),
                     m_theme.overlayBackground);
    const double mid = bottom - metrics.height() - 2.0;
    painter.setPen(QPen(m_theme.overlayText, 1.5));
    // A metric bar above the line and a nautical one below it, ticks at their ends.
    painter.drawLine(QPointF(x, mid), QPointF(x + barWidth, mid));
    painter.drawLine(QPointF(x, mid - 6.0), QPointF(x, mid + 6.0));
    painter.drawLine(QPointF(x + metric.px, mid - 6.0), QPointF(x + metric.px, mid));
    painter.drawLine(QPointF(x + nautical.px, mid), QPointF(x + nautical.px, mid + 6.0));
    painter.drawText(QPointF(x + barWidth + 6.0, mid - 3.0), metricText);
    painter.drawText(QPointF(x + barWidth + 6.0, mid + metrics.ascent() + 1.0), nauticalText);
}

std::optional<quint32> FleetMapWidget::nearestBanner(const QPointF &pos, double radiusPx) const
{
    if (!m_index || m_index->size() == 0)
        return std::nullopt;
    const qint64 now = m_clock();
    const QRectF around(m_viewport.screenToWorld(pos - QPointF(radiusPx, radiusPx)),
                        m_viewport.screenToWorld(pos + QPointF(radiusPx, radiusPx)));
    std::vector<BannerSpatialIndex::Cell> runs;
    m_index->ranges(queryRect(around), runs);
    std::optional<quint32> best;
    double bestDistance = radiusPx * radiusPx;
    for (const BannerSpatialIndex::Cell &run : runs) {
        for (quint32 i = run.begin; i < run.end; ++i) {
            const quint32 index = m_index->bannerAt(i);
            const QPointF d = screenPosition(m_index->banner(index), now) - pos;
            const double distance = d.x() * d.x() + d.y() * d.y();
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = index;
            }
        }
    }
    return best;
}

std::optional<BannerSpatialIndex::Cell> FleetMapWidget::aggregateAt(const QPointF &pos) const
{
    if (!m_index)
        return std::nullopt;
    const Detail d = detail();
    const QPointF world = m_viewport.screenToWorld(pos);
    std::vector<BannerSpatialIndex::Cell> cells;
    m_index->cells(QRectF(world, QSizeF(0, 0)), d.level, cells);
    for (const BannerSpatialIndex::Cell &cell : cells) {
        if (cell.count() > d.expandLimit && cell.worldRect().contains(world))
            return cell;
    }
    return std::nullopt;
}

QString FleetMapWidget::tooltipFor(const QPointF &pos) const
{
    if (const std::optional<BannerSpatialIndex::Cell> cell = aggregateAt(pos)) {
        const BannerSpatialIndex::StatusCounts counts = m_index->statusCounts(cell->begin, cell->end);
        QString text = (cell->count() == 1 ? tr("<b>1 banner</b>") : tr("<b>%1 banners</b>").arg(cell->count()));
        for (int s = MapBannerStatusCount - 1; s >= 0; --s) {
            if (counts[size_t(s)] > 0)
                text += QStringLiteral("<br>%1 %2").arg(counts[size_t(s)]).arg(mapBannerStatusName(MapBannerStatus(s)));
        }
        return text;
    }
    const std::optional<quint32> index = nearestBanner(pos, HitRadiusPx);
    if (!index)
        return {};
    const MapBanner &banner = m_index->banner(*index);
    const QString shown = banner.text.isEmpty() ? tr("<i>blank</i>") : banner.text.toHtmlEscaped();
    return tr("<b>%1</b> (%2)<br>%3<br>%4")
        .arg(banner.callsign.toHtmlEscaped())
        .arg(banner.id)
        .arg(mapBannerStatusName(banner.status), shown);
}

void FleetMapWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressPos = event->position().toPoint();
    m_lastDragPos = m_pressPos;
    m_drag = event->modifiers() & Qt::ShiftModifier ? Drag::RubberBand : Drag::Pending;
}

void FleetMapWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    m_cursor = event->position();
    if (m_drag == Drag::Pending && (pos - m_pressPos).manhattanLength() >= DragThresholdPx)
        m_drag = Drag::Pan;
    if (m_drag == Drag::Pan) {
        // A dispatcher who drags the map wants to look elsewhere, not keep tracking.
        setFollowSelected(false);
        m_viewInitialised = true;
        m_viewport.panBy(pos - m_lastDragPos);
        m_lastDragPos = pos;
        viewMoved();
        return;
    }
    update();
}

void FleetMapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const bool additive = event->modifiers() & Qt::ControlModifier;
    const QPointF pos = event->position();
    if (drag == Drag::RubberBand) {
        const QRectF band = QRectF(m_pressPos, pos).normalized();
        QSet<quint64> ids = additive ? m_selection : QSet<quint64>();
        if (m_index && band.width() >= 1.0 && band.height() >= 1.0) {
            const qint64 now = m_clock();
            const QRectF world(m_viewport.screenToWorld(band.topLeft()), m_viewport.screenToWorld(band.bottomRight()));
            std::vector<BannerSpatialIndex::Cell> runs;
            m_index->ranges(queryRect(world), runs);
            for (const BannerSpatialIndex::Cell &run : runs) {
                for (quint32 i = run.begin; i < run.end; ++i) {
                    const MapBanner &banner = m_index->banner(m_index->bannerAt(i));
                    if (band.contains(screenPosition(banner, now)))
                        ids.insert(banner.id);
                }
            }
        }
        selectIds(std::move(ids), std::nullopt);
        return;
    }
    if (drag == Drag::Pending) {
        const std::optional<quint64> hit = bannerAt(pos.toPoint());
        QSet<quint64> ids = additive ? m_selection : QSet<quint64>();
        if (hit) {
            if (additive && ids.contains(*hit))
                ids.remove(*hit);
            else
                ids.insert(*hit);
        }
        selectIds(std::move(ids), hit);
    }
    update();
}

void FleetMapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (const std::optional<quint64> hit = bannerAt(event->position().toPoint())) {
        emit bannerActivated(*hit);
        return;
    }
    zoomBy(2.0, event->position());
}

void FleetMapWidget::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    // Half a zoom level a notch: whole levels jump too far to keep one's bearings.
    zoomBy(std::exp2(notches / 2.0), event->position());
    event->accept();
}

void FleetMapWidget::keyPressEvent(QKeyEvent *event)
{
    const QPointF anchor = underMouse() && m_cursor ? *m_cursor : QPointF(width() / 2.0, height() / 2.0);
    const double step = std::min(width(), height()) / 6.0;
    const auto pan = [this](QPointF delta) {
        setFollowSelected(false);
        m_viewInitialised = true;
        m_viewport.panBy(delta);
        viewMoved();
    };
    switch (event->key()) {
    case Qt::Key_Left:
        pan({step, 0});
        break;
    case Qt::Key_Right:
        pan({-step, 0});
        break;
    case Qt::Key_Up:
        pan({0, step});
        break;
    case Qt::Key_Down:
        pan({0, -step});
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(2.0, anchor);
        break;
    case Qt::Key_Minus:
        zoomBy(0.5, anchor);
        break;
    case Qt::Key_Home:
        setFollowSelected(false);
        showWorld();
        break;
    case Qt::Key_Escape:
        selectIds({}, std::nullopt);
        break;
    case Qt::Key_F:
        setFollowSelected(!m_follow && m_current);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current)
            emit bannerActivated(*m_current);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void FleetMapWidget::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    m_cursor.reset();
    update();
}

} // namespace airdisplay
