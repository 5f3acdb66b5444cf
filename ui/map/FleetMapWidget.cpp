#include "FleetMapWidget.h"

#include "Basemap.h"
#include "DeadReckoning.h"
#include "MapLegend.h"
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
// Labels with the banner's text close in, callsigns alone further out; beyond these many planes in view
// nobody reads them anyway, and placing them would cost more than the frame has.
constexpr int MaxTextBanners = 250;
constexpr int MaxCallsignLabels = 400;
// Trails are drawn while few enough planes are in view to tell them apart.
constexpr int MaxTrailPlanes = 600;
// Close in, clusters are discs with their count and status mix; a view crowded with more than this
// many (a million banners at city zoom) draws them as cached dots instead: a screen of numbers helps
// nobody, and each disc's text and arcs cost ~80 µs.
constexpr size_t MaxRingedClusters = 300;
// Selected banners are drawn as planes over any cluster, up to this many.
constexpr int MaxSelectedDrawn = 64;
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
    m_legend = new MapLegend(this);
    m_legend->setTheme(m_theme);
    connect(m_legend, &MapLegend::filterChanged, this, [this](const MapBannerFilter &filter) {
        m_filter = filter;
        update();
        emit filterChanged(filter);
    });
    layoutLegend();
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
    m_legend->setCounts(categoryCounts(m_index->totalClassCounts()));
    layoutLegend();
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
    m_labels.setTheme(theme);
    m_legend->setTheme(theme);
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

void FleetMapWidget::setFilter(const MapBannerFilter &filter)
{
    m_legend->setFilter(filter); // tells filterChanged, which sets m_filter
}

void FleetMapWidget::setNotice(const QString &notice)
{
    if (notice == m_notice)
        return;
    m_notice = notice;
    update();
}

void FleetMapWidget::layoutLegend()
{
    m_legend->adjustSize();
    m_legend->move(8, 8);
    m_legend->raise();
}

void FleetMapWidget::frameWorldRect(const QRectF &world, double maxWorldPx)
{
    syncViewportSize();
    setFollowSelected(false);
    m_viewInitialised = true;
    // A margin of a tenth each side, and never closer than `maxWorldPx`: one banner is framed at the
    // zoom find uses, not at the map's deepest.
    const double w = std::max(world.width(), 1e-12);
    const double h = std::max(world.height(), 1e-12);
    const double worldPx = std::min({width() * 0.8 / w, height() * 0.8 / h, maxWorldPx});
    m_viewport.setWorldPx(worldPx);
    m_viewport.setCenter(world.center());
    viewMoved();
}

void FleetMapWidget::frameRegion(const GeoCoordinate &southWest, const GeoCoordinate &northEast)
{
    frameWorldRect(QRectF(MercatorProjection::project(northEast.lat, southWest.lon),
                          MercatorProjection::project(southWest.lat, northEast.lon))
                       .normalized(),
                   CloseWorldPx * 8.0);
}

bool FleetMapWidget::frameSelection()
{
    if (!m_index || m_selection.isEmpty())
        return false;
    const qint64 now = m_clock();
    // QRectF::united ignores empty rectangles, and a point is one: the corners are kept by hand.
    double left = 2.0, top = 2.0, right = -1.0, bottom = -1.0;
    for (const quint64 id : std::as_const(m_selection)) {
        const std::optional<quint32> index = m_index->indexOfId(id);
        if (!index)
            continue;
        const QPointF p = MercatorProjection::project(DeadReckoning::position(m_index->banner(*index), now));
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        top = std::min(top, p.y());
        bottom = std::max(bottom, p.y());
    }
    if (right < left)
        return false;
    frameWorldRect(QRectF(QPointF(left, top), QPointF(right, bottom)), CloseWorldPx * 2.0);
    return true;
}

bool FleetMapWidget::frameFleet()
{
    if (!m_index || m_index->size() == 0)
        return false;
    // The level-6 cells holding banners bound the fleet closely enough, at a few hundred cells' cost.
    std::vector<BannerSpatialIndex::Cell> cells;
    m_index->cells(QRectF(0, 0, 1, 1), 6, cells);
    QRectF bounds;
    for (const BannerSpatialIndex::Cell &cell : cells)
        bounds = bounds.isNull() ? cell.worldRect() : bounds.united(cell.worldRect());
    frameWorldRect(bounds, CloseWorldPx * 2.0);
    return true;
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
    // A map shorter than its legend shows the legend folded, and unfolds it again when it grows back
    // (the window opens small and is laid out after), unless the dispatcher folded it.
    const bool shortMap = height() < 360;
    if (shortMap && !m_legend->isCollapsed()) {
        m_legend->setCollapsed(true);
        m_legendFoldedForSize = true;
    } else if (!shortMap && m_legendFoldedForSize) {
        m_legendFoldedForSize = false;
        if (m_legend->isCollapsed())
            m_legend->setCollapsed(false);
    }
    layoutLegend();
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

BannerSpatialIndex::StatusCounts FleetMapWidget::shownStatusCounts(const BannerSpatialIndex::Cell &cell,
                                                                    quint32 *total) const
{
    const MapClassCounts classes = m_index->classCounts(cell.begin, cell.end);
    BannerSpatialIndex::StatusCounts counts{};
    quint32 sum = 0;
    for (int c = 0; c < MapBannerClassCount; ++c) {
        if (classes[size_t(c)] == 0 || !m_filter.showsClass(c))
            continue;
        counts[size_t(classStatus(c))] += classes[size_t(c)];
        sum += classes[size_t(c)];
    }
    if (total)
        *total = sum;
    return counts;
}

void FleetMapWidget::paintBanners(QPainter &painter, qint64 nowMs)
{
    m_animating = false;
    m_stats = {};
    m_labelRects.clear();
    if (!m_index || m_index->size() == 0)
        return;
    const Detail d = detail();
    const QRectF screen = rect();
    const QRectF visible = screen.adjusted(-HitRadiusPx, -HitRadiusPx, HitRadiusPx, HitRadiusPx);
    m_cells.clear();
    m_index->cells(queryRect(m_viewport.visibleWorldRect()), d.level, m_cells);
    const bool filtered = !m_filter.showsAll();
    const bool anySelected = !m_selection.isEmpty();

    const bool ringed = d.close && m_cells.size() <= MaxRingedClusters;
    painter.setRenderHint(QPainter::Antialiasing, d.close);
    painter.setPen(Qt::NoPen);
    m_planes.clear();
    for (const BannerSpatialIndex::Cell &cell : m_cells) {
        if (filtered || cell.count() > d.expandLimit) {
            quint32 shown = 0;
            const BannerSpatialIndex::StatusCounts counts = shownStatusCounts(cell, &shown);
            if (shown == 0)
                continue;
            if (shown > d.expandLimit) {
                ++m_stats.aggregateCells;
                paintAggregate(painter, cell, counts, shown, ringed);
                continue;
            }
        }
        for (quint32 i = cell.begin; i < cell.end; ++i) {
            if (filtered && !m_filter.showsClass(m_index->classAt(i)))
                continue;
            const quint32 index = m_index->bannerAt(i);
            const MapBanner &banner = m_index->banner(index);
            // Selected banners are drawn last, over everything, below.
            if (anySelected && m_selection.contains(banner.id))
                continue;
            const QPointF pos = screenPosition(banner, nowMs);
            if (visible.contains(pos))
                m_planes.push_back({pos, index, false});
        }
    }
    // The dispatcher's selection is always drawn as planes, even inside a cluster or under a filter:
    // a banner picked from the queue must be findable on the map at any zoom.
    int selectedDrawn = 0;
    for (const quint64 id : std::as_const(m_selection)) {
        if (selectedDrawn >= MaxSelectedDrawn)
            break;
        const std::optional<quint32> index = m_index->indexOfId(id);
        if (!index)
            continue;
        const QPointF pos = screenPosition(m_index->banner(*index), nowMs);
        if (visible.contains(pos)) {
            m_planes.push_back({pos, *index, true});
            ++selectedDrawn;
        }
    }

    m_stats.planes = int(m_planes.size());
    const PlaneSprites::Size size = d.close                                 ? PlaneSprites::Size::Large
                                  : m_viewport.worldPx() < ContinentWorldPx ? PlaneSprites::Size::Dot
                                                                            : PlaneSprites::Size::Small;
    const double half = (PlaneSprites::pixelSize(size) + 2) / 2.0;
    const qreal dpr = painter.device()->devicePixelRatioF();

    if (size != PlaneSprites::Size::Dot && int(m_planes.size()) <= MaxTrailPlanes)
        paintTrails(painter, nowMs, d.close ? 2.0 : 1.2);
    m_trails.prune(nowMs);

    if (d.close && int(m_planes.size()) <= MaxTextBanners) {
        painter.setRenderHint(QPainter::Antialiasing);
        for (const PlaneOnScreen &plane : m_planes) {
            if (!m_index->banner(plane.index).text.isEmpty())
                paintTow(painter, plane);
        }
    }

    // Whole device pixels and no antialiasing: the raster engine's plain blit, several times faster
    // than the general path it takes for an image at a fractional position.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const auto snap = [dpr](QPointF p) { return QPointF(std::round(p.x() * dpr) / dpr, std::round(p.y() * dpr) / dpr); };
    const bool badges = size != PlaneSprites::Size::Dot;
    for (const PlaneOnScreen &plane : m_planes) {
        const MapBanner &banner = m_index->banner(plane.index);
        painter.drawImage(snap(plane.pos - QPointF(half, half)), m_sprites.sprite(banner.status, banner.headingDeg, size, dpr));
        if (!badges)
            continue;
        // Marks sit on the plane's shoulders: paused top right, low battery bottom right.
        if (banner.paused)
            painter.drawImage(snap(plane.pos + QPointF(half - 4.0, -half - 2.0)),
                              m_sprites.badge(PlaneSprites::Badge::Paused, dpr));
        if (isLowBattery(banner))
            painter.drawImage(snap(plane.pos + QPointF(half - 4.0, half - PlaneSprites::BadgePx + 2.0)),
                              m_sprites.badge(PlaneSprites::Badge::LowBattery, dpr));
    }

    if (selectedDrawn > 0) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        // A dark halo under the ring keeps it visible over light land and over a cluster alike.
        for (const PlaneOnScreen &plane : m_planes) {
            if (!plane.selected)
                continue;
            painter.setPen(QPen(withAlpha(m_theme.overlayBackground, 0.9), 4.0));
            painter.drawEllipse(plane.pos, half + 3.5, half + 3.5);
            painter.setPen(QPen(m_theme.selection, 2.0));
            painter.drawEllipse(plane.pos, half + 3.5, half + 3.5);
        }
    }

    if (size != PlaneSprites::Size::Dot)
        paintLabels(painter, size, half, dpr);

    // Keep repainting only while the planes in view move by a visible amount between frames.
    const double pxPerFrame = m_index->maxSpeedKnots() * DeadReckoning::MetresPerNauticalMile / 3600.0
                            * FrameIntervalMs / 1000.0 / m_viewport.metresPerPixel();
    m_animating = !m_planes.empty() && pxPerFrame >= 0.05;
}

void FleetMapWidget::paintTrails(QPainter &painter, qint64 nowMs, double lineWidth)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    for (const PlaneOnScreen &plane : m_planes) {
        const MapBanner &banner = m_index->banner(plane.index);
        m_trails.record(banner.id, DeadReckoning::position(banner, nowMs), nowMs);
        const std::vector<BannerTrails::Point> *trail = m_trails.trail(banner.id);
        if (!trail || trail->size() < 2)
            continue;
        QPolygonF line;
        line.reserve(qsizetype(trail->size() + 1));
        for (const BannerTrails::Point &point : *trail)
            line << m_viewport.worldToScreen(MercatorProjection::project(point.at));
        line << plane.pos;
        QColor colour = m_theme.statusColour(banner.status);
        colour.setAlpha(150);
        painter.setPen(QPen(colour, lineWidth, Qt::SolidLine,
                            Qt::RoundCap, Qt::RoundJoin));
        painter.drawPolyline(line);
        ++m_stats.trails;
    }
    painter.restore();
}

void FleetMapWidget::paintAggregate(QPainter &painter, const BannerSpatialIndex::Cell &cell,
                                    const BannerSpatialIndex::StatusCounts &counts, quint32 shownCount, bool close)
{
    const auto dominant = MapBannerStatus(std::max_element(counts.begin(), counts.end()) - counts.begin());
    const QRectF world = cell.worldRect();
    const QRectF r(m_viewport.worldToScreen(world.topLeft()), m_viewport.worldToScreen(world.bottomRight()));
    // Density on a log scale: a cell of 2 and a cell of 10,000 must both be visible and different.
    const double density = std::min(1.0, std::log10(double(shownCount)) / 4.0);
    if (!close) {
        // Edges on whole pixels, shared with the neighbours: no seams, no double-blended lines. A cell
        // that holds banners needing a dispatcher (review, offline) takes that colour even when they
        // are few: at world zoom a quiet majority must not hide them.
        MapBannerStatus shown = dominant;
        if (counts[size_t(MapBannerStatus::PendingReview)] > 0)
            shown = MapBannerStatus::PendingReview;
        else if (counts[size_t(MapBannerStatus::Offline)] * 4 >= shownCount)
            shown = MapBannerStatus::Offline;
        // A dot per cell, its size by how many it holds (log scale): crisp against land and sea where
        // translucent squares read as a grey haze over the coast. A quiet majority would hide what else
        // the cell holds: the most pressing other status rings the dot (a beach of idle banners with
        // one on air has a green ring).
        // Offline counts from a twentieth of the cell: a device or two dropping out of a busy beach is
        // routine (the alerts dock has them), and rang every beach of a large fleet red.
        int ring = -1;
        for (const MapBannerStatus other : {MapBannerStatus::PendingReview, MapBannerStatus::Offline,
                                            MapBannerStatus::Displaying, MapBannerStatus::Queued}) {
            const quint32 n = counts[size_t(other)];
            if (other == shown || n == 0 || (other == MapBannerStatus::Offline && n * 20 < shownCount))
                continue;
            ring = int(other);
            break;
        }
        const double cellPx = std::min(r.width(), r.height());
        const double radius = std::clamp(cellPx * (0.22 + 0.28 * density), 2.0, cellPx * 0.5);
        const qreal dpr = painter.device()->devicePixelRatioF();
        const QImage &dot = m_sprites.clusterDot(shown, ring, int(std::lround(radius * 2.0)), dpr);
        const QSizeF size = dot.deviceIndependentSize();
        const QPointF topLeft = r.center() - QPointF(size.width() / 2.0, size.height() / 2.0);
        painter.drawImage(QPointF(std::round(topLeft.x() * dpr) / dpr, std::round(topLeft.y() * dpr) / dpr), dot);
        return;
    }
    // Close in, a cluster is a disc with its count, ringed by its status mix as Flightradar24 draws
    // its clusters: each status an arc of its share, a lone offline banner among hundreds still a sliver.
    const double radius = std::min(r.width(), r.height()) * (0.28 + 0.14 * density);
    const QPointF centre = r.center();
    painter.setPen(Qt::NoPen);
    painter.setBrush(withAlpha(m_theme.overlayBackground, 0.9));
    painter.drawEllipse(centre, radius, radius);
    const QRectF ring(centre - QPointF(radius, radius), QSizeF(2 * radius, 2 * radius));
    constexpr std::array<MapBannerStatus, MapBannerStatusCount> order = {
        MapBannerStatus::PendingReview, MapBannerStatus::Offline, MapBannerStatus::Stale,
        MapBannerStatus::Displaying,    MapBannerStatus::Queued,  MapBannerStatus::Idle};
    constexpr int FullCircle = 360 * 16;
    constexpr int MinSpan = 12 * 16;
    int present = 0;
    for (const MapBannerStatus s : order)
        present += counts[size_t(s)] > 0 ? 1 : 0;
    int start = 90 * 16; // from twelve o'clock, clockwise
    int remaining = FullCircle;
    quint32 remainingCount = shownCount;
    for (const MapBannerStatus s : order) {
        const quint32 n = counts[size_t(s)];
        if (n == 0)
            continue;
        --present;
        int span = n == remainingCount ? remaining
                                       : std::max(MinSpan, int(std::lround(double(n) / remainingCount * remaining)));
        span = std::min(span, remaining - present * MinSpan);
        QColor colour = m_theme.statusColour(s);
        colour.setAlpha(255);
        painter.setPen(QPen(colour, 3.0, Qt::SolidLine, Qt::FlatCap));
        painter.drawArc(ring, start, -span);
        start -= span;
        remaining -= span;
        remainingCount -= n;
    }
    painter.setPen(m_theme.overlayText);
    QFont font = painter.font();
    font.setPixelSize(std::max(9, int(radius * 0.8)));
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(ring, Qt::AlignCenter, countText(shownCount));
    painter.setPen(Qt::NoPen);
}

void FleetMapWidget::paintTow(QPainter &painter, const PlaneOnScreen &plane)
{
    // The banner in tow, as a short cloth behind the plane: its text is in the plane's label, upright
    // and clear of the others, because text along every heading crossed and read vertically.
    const MapBanner &banner = m_index->banner(plane.index);
    const double tail = PlaneSprites::pixelSize(PlaneSprites::Size::Large) / 2.0;
    const double rope = 7.0;
    const double cloth = 22.0;
    painter.save();
    painter.translate(plane.pos);
    painter.rotate(double(banner.headingDeg) - 90.0); // +x is the direction of flight
    painter.setPen(QPen(withAlpha(m_theme.overlayText, 0.6), 1.0));
    painter.drawLine(QPointF(-tail, 0), QPointF(-tail - rope, 0));
    painter.setPen(QPen(withAlpha(m_theme.planeOutline, 0.8), 1.0));
    painter.setBrush(m_theme.bannerCloth);
    painter.drawRect(QRectF(-tail - rope - cloth, -3.0, cloth, 6.0));
    painter.restore();
}

void FleetMapWidget::paintLabels(QPainter &painter, PlaneSprites::Size size, double half, qreal dpr)
{
    const bool close = size == PlaneSprites::Size::Large;
    const int planes = int(m_planes.size());
    const bool withText = close && planes <= MaxTextBanners;
    if (planes > MaxCallsignLabels) {
        // Too many to label: the selection still gets its own.
        m_labelOrder.clear();
        for (const PlaneOnScreen &plane : m_planes) {
            if (plane.selected)
                m_labelOrder.push_back(plane);
        }
    } else {
        m_labelOrder = m_planes;
    }
    if (m_labelOrder.empty())
        return;
    // Most important first: the selection, then what needs a dispatcher, then what is on air.
    const auto rank = [this](const PlaneOnScreen &plane) {
        if (plane.selected)
            return 0;
        switch (m_index->banner(plane.index).status) {
        case MapBannerStatus::PendingReview: return 1;
        case MapBannerStatus::Offline: return 2;
        case MapBannerStatus::Displaying: return 3;
        case MapBannerStatus::Queued: return 4;
        case MapBannerStatus::Stale: return 5;
        case MapBannerStatus::Idle: return 6;
        }
        return 7;
    };
    std::sort(m_labelOrder.begin(), m_labelOrder.end(), [&](const PlaneOnScreen &a, const PlaneOnScreen &b) {
        const int ra = rank(a);
        const int rb = rank(b);
        return ra != rb ? ra < rb : m_index->banner(a.index).id < m_index->banner(b.index).id;
    });

    m_placer.reset(rect());
    // A plane's obstacle is its body, not its sprite's square: the square's corners are empty, and
    // labels kept off them left crowded planes unlabelled.
    const double body = half * 0.7;
    for (const PlaneOnScreen &plane : m_planes)
        m_placer.addObstacle(QRectF(plane.pos - QPointF(body, body), QSizeF(2 * body, 2 * body)));

    QHash<quint64, quint8> positions;
    positions.reserve(qsizetype(m_labelOrder.size()));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const MapLabelCache::Content content = withText ? MapLabelCache::Content::CallsignAndText
                                                    : MapLabelCache::Content::Callsign;
    for (const PlaneOnScreen &plane : m_labelOrder) {
        const MapBanner &banner = m_index->banner(plane.index);
        const auto last = m_labelPositions.constFind(banner.id);
        const int preferred = last == m_labelPositions.constEnd() ? -1 : int(*last);
        const double radius = body + (plane.selected ? 4.0 : 0.0);
        const QImage *image = &m_labels.label(banner, content, dpr);
        bool textShown = content == MapLabelCache::Content::CallsignAndText && !banner.text.isEmpty();
        int chosen = -1;
        QRectF placed = m_placer.place(plane.pos, radius, image->deviceIndependentSize(), preferred, &chosen);
        // Where the text does not fit, the callsign alone may.
        if (placed.isEmpty() && content == MapLabelCache::Content::CallsignAndText && !banner.text.isEmpty()) {
            image = &m_labels.label(banner, MapLabelCache::Content::Callsign, dpr);
            textShown = false;
            placed = m_placer.place(plane.pos, radius, image->deviceIndependentSize(), preferred, &chosen);
        }
        if (placed.isEmpty()) {
            ++m_stats.labelsLeftOut;
            continue;
        }
        positions.insert(banner.id, quint8(chosen));
        painter.drawImage(QPointF(std::round(placed.left() * dpr) / dpr, std::round(placed.top() * dpr) / dpr), *image);
        m_labelRects.push_back(placed);
        ++m_stats.labels;
        if (textShown)
            ++m_stats.bannerTexts;
    }
    m_labelPositions.swap(positions);
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

    if (!m_notice.isEmpty()) {
        QFont bold = this->font();
        bold.setPixelSize(13);
        bold.setBold(true);
        painter.setFont(bold);
        const QFontMetricsF metrics(bold);
        const double w = std::min(metrics.horizontalAdvance(m_notice) + 24.0, width() - 16.0);
        const QRectF box((width() - w) / 2.0, 10.0, w, metrics.height() + 12.0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_theme.overlayBackground);
        painter.drawRoundedRect(box, 6.0, 6.0);
        painter.setPen(m_theme.overlayText);
        painter.drawText(box, Qt::AlignCenter, metrics.elidedText(m_notice, Qt::ElideRight, w - 16.0));
    }

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
            // What the legend hides cannot be clicked, unless it is selected (and so drawn).
            if (!m_filter.showsClass(m_index->classAt(i)) && !m_selection.contains(m_index->banner(index).id))
                continue;
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
        if (!cell.worldRect().contains(world))
            continue;
        quint32 shown = cell.count();
        if (!m_filter.showsAll())
            (void)shownStatusCounts(cell, &shown);
        if (shown > d.expandLimit)
            return cell;
    }
    return std::nullopt;
}

QString FleetMapWidget::tooltipFor(const QPointF &pos) const
{
    if (const std::optional<BannerSpatialIndex::Cell> cell = aggregateAt(pos)) {
        quint32 shown = 0;
        const BannerSpatialIndex::StatusCounts counts = shownStatusCounts(*cell, &shown);
        QString text = (shown == 1 ? tr("<b>1 banner</b>") : tr("<b>%1 banners</b>").arg(shown));
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
                    if (!m_filter.showsClass(m_index->classAt(i)))
                        continue;
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
    case Qt::Key_Z:
        frameSelection();
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
