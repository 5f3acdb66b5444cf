// The basemap image is rendered on a worker: paint() never renders, a finished render arrives and is
// used, a render for a view that moved on is superseded, and nothing breaks when its owner goes first.
#include "Basemap.h"
#include "BasemapCache.h"
#include "FleetMapWidget.h"
#include "MapTheme.h"
#include "MapViewport.h"
#include "MercatorProjection.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace airdisplay;

namespace {

MapViewport viewAt(double lat, double lon, double zoom, QSize size = {400, 300})
{
    MapViewport viewport;
    viewport.setSize(size);
    viewport.setZoom(zoom);
    viewport.setCenterGeo({lat, lon});
    return viewport;
}

QImage paintOnce(BasemapCache &cache, const MapViewport &viewport, const MapTheme &theme)
{
    QImage image(viewport.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    cache.paint(painter, Basemap::instance(), viewport, theme);
    return image;
}

QColor colourAt(const QImage &image, const MapViewport &viewport, double lat, double lon)
{
    return image.pixelColor(viewport.worldToScreen(MercatorProjection::project(lat, lon)).toPoint());
}

} // namespace

class TestBasemapCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Decoded once here so that the timings below are the render's alone.
        QVERIFY(Basemap::instance().isValid());
    }

    void rendersOnAWorkerAndUsesTheResult()
    {
        const MapTheme theme = MapTheme::dark();
        // The Gold Coast at beach zoom: land to the west of 153.431 E, sea to the east (off 28° S, where
    // the graticule runs).
        const MapViewport view = viewAt(-28.0, 153.431, 15.0);
        BasemapCache cache;
        QSignalSpy ready(&cache, &BasemapCache::imageReady);

        const QImage first = paintOnce(cache, view, theme);
        // paint() returned without an image: it only asked for one, and filled the view with sea.
        QVERIFY(!cache.hasImage());
        QCOMPARE(cache.rendersStarted(), 1);
        QCOMPARE(first.pixelColor(10, 10), theme.sea);

        QTRY_VERIFY(cache.hasImage());
        QCOMPARE(ready.count(), 1);
        QVERIFY(!cache.lastRender().onGuiThread);
        QCOMPARE(cache.lastRender().coastLevel, std::optional(Coastline::Level::High));
        QVERIFY(cache.lastRender().coastTiles >= 1);
        QCOMPARE(cache.attribution(), QStringLiteral("GSHHG, Natural Earth"));
        QVERIFY(cache.covers(view, 1.0));

        const QImage second = paintOnce(cache, view, theme);
        QCOMPARE(cache.rendersStarted(), 1); // covered: nothing new to render
        QCOMPARE(colourAt(second, view, -28.002, 153.431 - 0.004), theme.land);
        QCOMPARE(colourAt(second, view, -28.002, 153.431 + 0.004), theme.sea);
    }

    void worldZoomKeepsNaturalEarth()
    {
        BasemapCache cache;
        const MapViewport view = viewAt(20.0, 0.0, 2.0);
        paintOnce(cache, view, MapTheme::dark());
        QTRY_VERIFY(cache.hasImage());
        QCOMPARE(cache.lastRender().coastLevel, std::nullopt);
        QCOMPARE(cache.lastRender().coastTiles, 0);
        QCOMPARE(cache.attribution(), QStringLiteral("Natural Earth"));
    }

    void aMovedViewSupersedesTheRenderInFlight()
    {
        const MapTheme theme = MapTheme::dark();
        BasemapCache cache;
        paintOnce(cache, viewAt(-28.0, 153.431, 12.0), theme);
        QVERIFY(cache.isRendering());
        // A zoom gesture: ten views while the first render runs. Only the newest is rendered next.
        MapViewport last;
        for (int i = 1; i <= 10; ++i) {
            last = viewAt(-28.0, 153.431, 12.0 + 0.3 * i);
            paintOnce(cache, last, theme);
        }
        QTRY_VERIFY(cache.covers(last, 1.0));
        QCOMPARE(cache.rendersStarted(), 2);
        QCOMPARE(cache.rendersFinished(), 2);
        QVERIFY(!cache.isRendering());

        // Meanwhile the older image is shown stretched to the new zoom rather than nothing at all.
        const MapViewport closer = viewAt(-28.0, 153.431, 16.5);
        const QImage stretched = paintOnce(cache, closer, theme);
        QCOMPARE(colourAt(stretched, closer, -28.002, 153.431 - 0.002), theme.land);
        QTRY_VERIFY(cache.covers(closer, 1.0));
    }

    void aRenderForAnOldThemeIsDropped()
    {
        BasemapCache cache;
        const MapViewport view = viewAt(-28.0, 153.431, 14.0);
        paintOnce(cache, view, MapTheme::dark());
        QVERIFY(cache.isRendering());
        cache.invalidate(); // the theme changed while the worker draws the dark one
        const MapTheme light = MapTheme::light();
        paintOnce(cache, view, light); // as the widget's update() after setTheme() does
        // The light render follows on its own once the dark one is in, and only the light one is shown.
        QTRY_VERIFY(cache.covers(view, 1.0));
        QCOMPARE(cache.rendersStarted(), 2);
        QCOMPARE(cache.rendersFinished(), 1);
        const QImage image = paintOnce(cache, view, light);
        QCOMPARE(colourAt(image, view, -28.002, 153.431 + 0.004), light.sea);
    }

    void cacheDestroyedDuringRender()
    {
        auto cache = std::make_unique<BasemapCache>();
        paintOnce(*cache, viewAt(-33.9, 151.25, 10.5, {1600, 1000}), MapTheme::dark());
        // Started, and its answer not delivered: that needs the event loop, which runs only below.
        QCOMPARE(cache->rendersStarted(), 1);
        QVERIFY(!cache->hasImage());
        cache.reset();
        QVERIFY(QThreadPool::globalInstance()->waitForDone(30'000));
        QCoreApplication::processEvents(); // nothing is delivered to the dead cache
    }

    void widgetDestroyedDuringRender()
    {
        auto *map = new FleetMapWidget;
        map->resize(1200, 800);
        map->show();
        map->centerOn({25.79, -80.13});
        map->setZoom(11.0);
        QImage image(map->size(), QImage::Format_ARGB32_Premultiplied);
        map->render(&image);
        QCOMPARE(map->basemapCache().rendersStarted(), 1);
        QVERIFY(!map->basemapCache().hasImage());
        delete map;
        QVERIFY(QThreadPool::globalInstance()->waitForDone(30'000));
        QCoreApplication::processEvents();
    }

    void widgetRepaintsWhenTheImageArrives()
    {
        FleetMapWidget map;
        map.resize(800, 500);
        map.show();
        map.centerOn({-22.97, -43.18});
        map.setZoom(13.0);
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        // The widget paints on its own once the worker's image arrives; no render() from the test.
        QTRY_VERIFY(map.basemapCache().hasImage());
        QTRY_VERIFY(map.basemapCache().covers(map.viewport(), map.devicePixelRatioF()));
        QCOMPARE(map.basemapCache().attribution(), QStringLiteral("GSHHG, Natural Earth"));
    }
};

QTEST_MAIN(TestBasemapCache)
#include "tst_basemapcache.moc"
