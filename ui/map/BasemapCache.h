#pragma once

#include "Coastline.h"
#include "MapTheme.h"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QSize>
#include <QString>

#include <optional>

class QPainter;

namespace airdisplay {

class Basemap;
class MapViewport;

// The basemap rendered once per view into an image a margin larger than the widget, so a frame only
// blits it and a pan within the margin needs no redraw. Land at 1:50m is tens of thousands of vertices
// and GSHHG's beach-level shoreline more: far too many to fill at 30 Hz, and too many to fill even once
// on the GUI thread. So the image is rendered on a worker; paint() blits the newest finished one
// (scaled and offset while it was made for another view) and asks for a new one when it does not cover
// the view, and imageReady() tells the owner to repaint when it arrives.
class BasemapCache : public QObject
{
    Q_OBJECT

public:
    static constexpr int MarginPx = 256;

    // What a worker renders: everything by value, so that a render outlives the cache that asked for
    // it without touching it (the data sets are process-wide singletons).
    struct Request
    {
        QSize deviceSize;
        qreal dpr = 1.0;
        double worldPx = 0.0;
        QPointF originWorld; // world position of the image's top-left pixel
        MapTheme theme;
        quint64 generation = 0;
        const Basemap *basemap = nullptr;
        bool detailedCoast = true; // GSHHG at regional and beach zoom
    };
    struct Stats
    {
        double renderMs = 0.0;
        bool onGuiThread = false;
        int coastTiles = 0; // GSHHG tiles drawn; 0 when Natural Earth's land was
        std::optional<Coastline::Level> coastLevel;
    };
    struct Result
    {
        QImage image;
        double worldPx = 0.0;
        QPointF originWorld;
        quint64 generation = 0;
        Stats stats;
        QString attribution;
    };

    explicit BasemapCache(QObject *parent = nullptr);
    ~BasemapCache() override;

    // Never renders on the caller's thread.
    void paint(QPainter &painter, const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme);
    // The theme changed: the image shown stays until one in the new colours arrives.
    void invalidate();

    // For tests and the benchmark.
    bool isRendering() const { return m_running.has_value(); }
    bool hasImage() const { return !m_shown.image.isNull(); }
    bool covers(const MapViewport &viewport, qreal dpr) const;
    int rendersStarted() const { return m_rendersStarted; }
    int rendersFinished() const { return m_rendersFinished; } // and shown: a render for an old theme is not
    Stats lastRender() const { return m_shown.stats; }
    // The sources of the image shown, for the map's attribution line.
    QString attribution() const;
    void setDetailedCoastEnabled(bool enabled);

    // The work itself, on whatever thread calls it.
    static Result render(const Request &request);

signals:
    // A finished render is ready to be blitted.
    void imageReady();

private:
    Request requestFor(const Basemap &basemap, const MapViewport &viewport, const MapTheme &theme, qreal dpr) const;
    bool requestCovers(const Request &request, const MapViewport &viewport, qreal dpr) const;
    void start(const Request &request);
    void finished();
    static void paintGraticule(QPainter &painter, const QRectF &world, double worldPx, const MapTheme &theme);

    QFutureWatcher<Result> m_watcher;
    std::optional<Request> m_running; // what the worker is rendering now
    std::optional<Request> m_next;    // the newest view asked for meanwhile
    Result m_shown;
    quint64 m_generation = 0;
    int m_rendersStarted = 0;
    int m_rendersFinished = 0;
    bool m_detailedCoast = true;
};

} // namespace airdisplay
