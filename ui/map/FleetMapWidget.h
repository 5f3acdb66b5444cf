#pragma once

#include "BannerSpatialIndex.h"
#include "BannerTrails.h"
#include "BasemapCache.h"
#include "GeoCoordinate.h"
#include "LabelPlacer.h"
#include "MapBanner.h"
#include "MapBannerFilter.h"
#include "MapLabelCache.h"
#include "MapTheme.h"
#include "MapViewport.h"
#include "PlaneSprites.h"

#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace airdisplay {

class MapLegend;

// The live fleet map: Natural Earth in Web Mercator with every banner on it, painted by hand because
// a million items would drown QGraphicsView. A frame costs what the screen has pixels: banners are
// found through a spatial index and, where they are dense, drawn as one shaded cell per few pixels.
class FleetMapWidget : public QWidget
{
    Q_OBJECT

public:
    explicit FleetMapWidget(QWidget *parent = nullptr);
    ~FleetMapWidget() override;

    // Up to 30 times a second. A large fleet is indexed on a worker thread and shown when ready
    // (snapshotApplied()); a newer snapshot arriving meanwhile replaces the waiting one.
    void setSnapshot(MapBannerSnapshot snapshot);
    // The snapshot being drawn (the last one indexed).
    MapBannerSnapshot snapshot() const;
    bool isIndexing() const { return m_indexWatcher.isRunning(); }

    void setTheme(const MapTheme &theme);
    const MapTheme &theme() const { return m_theme; }

    const MapViewport &viewport() const { return m_viewport; }
    void centerOn(const GeoCoordinate &coordinate);
    GeoCoordinate center() const { return m_viewport.centerGeo(); }
    // Slippy-map zoom: 0 is the world in 256 px, each step doubles.
    void setZoom(double zoom);
    double zoom() const { return m_viewport.zoom(); }
    void showWorld();

    // Frames a region (south-west and north-east corners), or every selected banner; false when
    // there is nothing to frame.
    void frameRegion(const GeoCoordinate &southWest, const GeoCoordinate &northEast);
    bool frameSelection();
    bool frameFleet();

    // A line shown at the top of the map (empty: none), e.g. why the fleet looks offline.
    void setNotice(const QString &notice);
    QString notice() const { return m_notice; }

    // Which statuses and marks are drawn; the legend's switches set it.
    MapBannerFilter filter() const { return m_filter; }
    void setFilter(const MapBannerFilter &filter);
    MapLegend *legend() const { return m_legend; }

    QList<quint64> selectedIds() const;
    void setSelectedIds(const QList<quint64> &ids);
    bool followSelected() const { return m_follow; }
    void setFollowSelected(bool follow);

    // Accepts a banner id or a callsign (case-insensitive); selects it and brings it into close view.
    bool findAndCenter(const QString &idOrCallsign);
    // The banner an id or a callsign (any case) names, if it is on the map.
    std::optional<quint64> bannerIdOf(const QString &idOrCallsign) const;
    // The banner drawn nearest to `pos`, within a few pixels.
    std::optional<quint64> bannerAt(const QPoint &pos) const;
    // Dead-reckoned to now.
    std::optional<GeoCoordinate> bannerPosition(quint64 id) const;
    // Milliseconds since the epoch; tests and the benchmark set their own.
    void setClock(std::function<qint64()> nowMs);

    // What the last frame drew; for tests and the benchmark, and a sanity check that a frame stays small.
    struct FrameStats
    {
        int aggregateCells = 0;
        int planes = 0;
        int bannerTexts = 0; // labels that carry the text a banner shows
        int labels = 0;      // labels placed (each clear of every other label and plane)
        int labelsLeftOut = 0;
        int trails = 0;
    };
    // Where the last frame put each label, for tests: screen rectangles.
    std::vector<QRectF> lastLabelRects() const { return m_labelRects; }
    FrameStats lastFrameStats() const { return m_stats; }
    // The basemap image and its worker; for tests and the benchmark to wait for a render.
    const BasemapCache &basemapCache() const { return m_basemapCache; }

    QSize sizeHint() const override { return {800, 500}; }

signals:
    void selectionChanged(const QList<quint64> &ids);
    void bannerActivated(quint64 id);
    void viewChanged();
    void snapshotApplied();
    void followSelectedChanged(bool follow);
    void filterChanged(const airdisplay::MapBannerFilter &filter);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    std::optional<quint32> indexOf(const QString &idOrCallsign) const;
    enum class Drag { None, Pending, Pan, RubberBand };
    // How banners are drawn at the current zoom.
    struct Detail
    {
        int level = 0;              // quadtree level of the aggregation cells
        quint32 expandLimit = 1;    // a cell with at most this many banners shows them one by one
        bool close = false;         // planes are large and trail their banners' text
    };
    struct PlaneOnScreen
    {
        QPointF pos;
        quint32 index = 0; // into the snapshot
        bool selected = false;
    };

    using IndexPtr = std::shared_ptr<const BannerSpatialIndex>;

    void applyIndex(IndexPtr index);
    void startIndexing();
    Detail detail() const;
    QRectF queryRect(const QRectF &worldRect) const;
    QPointF screenPosition(const MapBanner &banner, qint64 nowMs) const;
    void paintBanners(QPainter &painter, qint64 nowMs);
    void paintAggregate(QPainter &painter, const BannerSpatialIndex::Cell &cell,
                        const BannerSpatialIndex::StatusCounts &shown, quint32 shownCount, bool close);
    void paintTow(QPainter &painter, const PlaneOnScreen &plane);
    void paintTrails(QPainter &painter, qint64 nowMs, double lineWidth);
    void paintLabels(QPainter &painter, PlaneSprites::Size size, double half, qreal dpr);
    BannerSpatialIndex::StatusCounts shownStatusCounts(const BannerSpatialIndex::Cell &cell, quint32 *total) const;
    void frameWorldRect(const QRectF &world, double maxWorldPx);
    void layoutLegend();
    void paintOverlays(QPainter &painter);
    void paintScaleBar(QPainter &painter);
    std::optional<quint32> nearestBanner(const QPointF &pos, double radiusPx) const;
    std::optional<BannerSpatialIndex::Cell> aggregateAt(const QPointF &pos) const;
    QString tooltipFor(const QPointF &pos) const;
    void selectIds(QSet<quint64> ids, std::optional<quint64> current);
    void followCurrent(qint64 nowMs);
    void viewMoved();
    // A hidden widget learns its size only at the first paint; views are computed with the real one.
    void syncViewportSize();
    void zoomBy(double factor, const QPointF &anchor);

    IndexPtr m_index;
    MapBannerSnapshot m_pendingSnapshot;
    QFutureWatcher<IndexPtr> m_indexWatcher;

    MapTheme m_theme = MapTheme::dark();
    MapViewport m_viewport;
    BasemapCache m_basemapCache;
    PlaneSprites m_sprites;
    MapLabelCache m_labels;
    LabelPlacer m_placer;
    BannerTrails m_trails;
    MapBannerFilter m_filter;
    MapLegend *m_legend = nullptr;
    QString m_notice;
    bool m_legendFoldedForSize = false;
    QHash<quint64, quint8> m_labelPositions; // each label's position in the last frame, kept next frame
    std::vector<QRectF> m_labelRects;
    std::function<qint64()> m_clock;

    QSet<quint64> m_selection;
    std::optional<quint64> m_current; // the one clicked or found last: followed, activated by Enter
    bool m_follow = false;

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastDragPos;
    std::optional<QPointF> m_cursor;

    QTimer m_frameTimer;
    bool m_animating = false; // the last frame drew planes that move visibly between frames
    bool m_viewInitialised = false;
    FrameStats m_stats;

    // Reused every frame so painting does not allocate.
    std::vector<BannerSpatialIndex::Cell> m_cells;
    std::vector<PlaneOnScreen> m_planes;
    std::vector<PlaneOnScreen> m_labelOrder;
};

} // namespace airdisplay
