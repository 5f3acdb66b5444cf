// The fleet map: basemap decoding, projection, view navigation, selection, aggregation, find and
// dead reckoning. Runs on the offscreen platform (see AirDisplayTesting.cmake).
#include "BannerSpatialIndex.h"
#include "Basemap.h"
#include "DeadReckoning.h"
#include "FleetMapWidget.h"
#include "LabelPlacer.h"
#include "MapLegend.h"
#include "PlaneSprites.h"
#include "MapViewport.h"
#include "MercatorProjection.h"
#include "ScaleBar.h"

#include <QImage>
#include <QLineF>
#include <QToolButton>
#include <QSignalSpy>
#include <QToolTip>
#include <QApplication>
#include <QTest>
#include <QWheelEvent>

#include <cmath>
#include <random>

using namespace airdisplay;

namespace {

constexpr qint64 Now = 1'700'000'000'000;

MapBanner makeBanner(quint64 id, double lat, double lon, MapBannerStatus status = MapBannerStatus::Displaying)
{
    MapBanner b;
    b.id = id;
    b.lat = float(lat);
    b.lon = float(lon);
    b.status = status;
    b.callsign = QStringLiteral("N%1AD").arg(id);
    b.text = QStringLiteral("EAT AT JOE'S %1").arg(id);
    b.lastSeenMs = Now;
    return b;
}

MapBannerSnapshot makeSnapshot(std::vector<MapBanner> banners)
{
    return std::make_shared<const std::vector<MapBanner>>(std::move(banners));
}

// A shown map with a fixed clock, so that nothing moves unless a test says so.
struct MapFixture
{
    FleetMapWidget map;
    qint64 now = Now;

    MapFixture()
    {
        map.setClock([this] { return now; });
        map.resize(800, 500);
        map.show();
        map.showWorld();
    }
    QPoint screenOf(double lat, double lon) const
    {
        return map.viewport().worldToScreen(MercatorProjection::project(lat, lon)).toPoint();
    }
    QImage render()
    {
        QImage image(map.size(), QImage::Format_ARGB32_Premultiplied);
        map.render(&image);
        return image;
    }
};

bool near(const QColor &a, const QColor &b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

// Pixels where the status colour clearly dominates the dark map (hue family, not an exact match, because
// aggregate cells are translucent).
int countGreen(const QImage &image, const QRect &area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += c.green() > c.red() + 40 && c.green() > c.blue() + 20;
        }
    return n;
}

int countRed(const QImage &image, const QRect &area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += c.red() > c.green() + 60 && c.red() > c.blue() + 30;
        }
    return n;
}

} // namespace

class TestFleetMapWidget : public QObject
{
    Q_OBJECT

private slots:
    void basemapCounts()
    {
        const Basemap &basemap = Basemap::instance();
        QVERIFY(basemap.isValid());
        // world-atlas 2.0.2 (125 and 1419 polygons), with the polygons that cross the antimeridian
        // (Russia with Chukotka, Fiji, Wrangel Island, Antarctica) cut at it by scripts/convert-basemap.py.
        QCOMPARE(basemap.polygonCount(Basemap::Layer::Land110m), 127);
        QCOMPARE(basemap.ringCount(Basemap::Layer::Land110m), 128);
        QCOMPARE(basemap.polygonCount(Basemap::Layer::Land50m), 1421);
        QCOMPARE(basemap.ringCount(Basemap::Layer::Land50m), 1422);
        QCOMPARE(basemap.ringCount(Basemap::Layer::Borders50m), 362);
        QCOMPARE(basemap.ringCount(Basemap::Layer::BordersCoarse), 362);
        QVERIFY(basemap.pointCount(Basemap::Layer::BordersCoarse) < basemap.pointCount(Basemap::Layer::Borders50m));
    }

    void basemapKnownPlaces_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("land");
        QTest::newRow("Paris") << 48.8566 << 2.3522 << true;
        QTest::newRow("Alice Springs") << -23.70 << 133.88 << true;
        QTest::newRow("Denver") << 39.74 << -104.99 << true;
        QTest::newRow("Chukotka, east of 180") << 66.0 << -172.0 << true;
        QTest::newRow("Antarctica") << -80.0 << 0.0 << true;
        QTest::newRow("mid-Atlantic") << 30.0 << -40.0 << false;
        QTest::newRow("Gulf of Guinea") << 0.0 << 0.0 << false;
        QTest::newRow("Mediterranean") << 35.0 << 18.0 << false;
        QTest::newRow("Bering Strait sea") << 60.0 << -178.0 << false;
    }

    void basemapKnownPlaces()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, land);
        const Basemap &basemap = Basemap::instance();
        QCOMPARE(basemap.isLand({lat, lon}, Basemap::Layer::Land50m), land);
        QCOMPARE(basemap.isLand({lat, lon}, Basemap::Layer::Land110m), land);
    }

    // A reversed arc (~i) decoded forwards leaves a ring jumping from one arc's end to the far end of the
    // next; decoded right, every ring is closed and every step short, except along the map's edges
    // where the antimeridian cut and the pole closure run.
    void basemapRingsAreContinuous()
    {
        const Basemap &basemap = Basemap::instance();
        for (const Basemap::Layer layer : {Basemap::Layer::Land110m, Basemap::Layer::Land50m}) {
            for (const QPolygonF &ring : basemap.rings(layer)) {
                QVERIFY(ring.size() >= 4);
                QCOMPARE(ring.first(), ring.last());
                for (qsizetype i = 1; i < ring.size(); ++i) {
                    const QPointF a = ring[i - 1];
                    const QPointF b = ring[i];
                    const bool onEdge = (a.x() == b.x() && (a.x() == 0.0 || a.x() == 1.0))
                                     || (a.y() == b.y() && (a.y() <= 1e-9 || a.y() >= 1.0 - 1e-9));
                    if (!onEdge)
                        QVERIFY2(QLineF(a, b).length() < 0.05, qPrintable(QStringLiteral("jump in a ring at %1").arg(i)));
                }
            }
        }
    }

    void mercatorRoundTrip()
    {
        QCOMPARE(MercatorProjection::project(0.0, 0.0), QPointF(0.5, 0.5));
        const QPointF corner = MercatorProjection::project(MercatorProjection::MaxLatitude, -180.0);
        QVERIFY(std::abs(corner.x()) < 1e-12 && std::abs(corner.y()) < 1e-9);
        for (const auto &[lat, lon] : {std::pair{48.8566, 2.3522}, {-33.87, 151.21}, {25.76, -80.19}, {-84.9, 179.9}}) {
            const GeoCoordinate back = MercatorProjection::unproject(MercatorProjection::project(lat, lon));
            QVERIFY(std::abs(back.lat - lat) < 1e-9);
            QVERIFY(std::abs(back.lon - lon) < 1e-9);
        }
        // The scale doubles at 60° where the parallels are half as long.
        QVERIFY(std::abs(MercatorProjection::metresPerWorldUnit(60.0) * 2.0 - MercatorProjection::metresPerWorldUnit(0.0)) < 1e-3);
    }

    void scaleBarPicksRoundLengths()
    {
        const ScaleBar::Length l = ScaleBar::choose(1000.0, 140.0, 1.0); // 140 km at most
        QCOMPARE(l.units, 100'000.0);
        QCOMPARE(l.px, 100.0);
        QCOMPARE(ScaleBar::choose(10.0, 140.0, 1.0).units, 1000.0);
        QCOMPARE(ScaleBar::choose(3.0, 140.0, 1.0).units, 200.0);
    }

    // However far the dispatcher zooms out, at any window shape, the world covers the whole view:
    // no black margin beside or above it.
    void zoomingOutNeverShowsPastTheWorld_data()
    {
        QTest::addColumn<QSizeF>("size");
        QTest::newRow("wide") << QSizeF(1600, 700);
        QTest::newRow("tall") << QSizeF(500, 1000);
        QTest::newRow("square") << QSizeF(800, 800);
        QTest::newRow("tiny") << QSizeF(200, 120);
    }
    void zoomingOutNeverShowsPastTheWorld()
    {
        QFETCH(QSizeF, size);
        MapViewport viewport;
        viewport.setSize(size);
        viewport.showWorld();
        for (int i = 0; i < 40; ++i)
            viewport.zoomAbout(QPointF(size.width() * 0.9, size.height() * 0.1), 0.5);
        for (const QPointF corner : {QPointF(0, 0), QPointF(size.width(), 0), QPointF(0, size.height()), QPointF(size.width(), size.height())}) {
            const QPointF world = viewport.screenToWorld(corner);
            QVERIFY2(world.x() >= -1e-9 && world.x() <= 1 + 1e-9 && world.y() >= -1e-9 && world.y() <= 1 + 1e-9,
                     qPrintable(QStringLiteral("corner (%1, %2) shows (%3, %4), outside the world")
                                    .arg(corner.x()).arg(corner.y()).arg(world.x()).arg(world.y())));
        }
        viewport.panBy(QPointF(5000, -5000));
        QVERIFY(viewport.screenToWorld(QPointF(0, size.height())).y() <= 1 + 1e-9);
        QVERIFY(viewport.screenToWorld(QPointF(0, 0)).x() >= -1e-9);
    }

    void keysPanAndZoom()
    {
        MapFixture f;
        f.map.setZoom(5.0);
        f.map.centerOn({40.0, -30.0});
        QSignalSpy viewChanged(&f.map, &FleetMapWidget::viewChanged);
        const GeoCoordinate before = f.map.center();

        QTest::keyClick(&f.map, Qt::Key_Right);
        QVERIFY(f.map.center().lon > before.lon + 1.0);
        QTest::keyClick(&f.map, Qt::Key_Left);
        QVERIFY(std::abs(f.map.center().lon - before.lon) < 1e-9);
        QTest::keyClick(&f.map, Qt::Key_Up);
        QVERIFY(f.map.center().lat > before.lat + 1.0);
        QTest::keyClick(&f.map, Qt::Key_Down);

        QTest::keyClick(&f.map, Qt::Key_Plus);
        QCOMPARE(f.map.zoom(), 6.0);
        QTest::keyClick(&f.map, Qt::Key_Minus);
        QTest::keyClick(&f.map, Qt::Key_Minus);
        QCOMPARE(f.map.zoom(), 4.0);
        QVERIFY(std::abs(f.map.center().lat - before.lat) < 1e-6);
        QVERIFY(viewChanged.count() >= 7);

        QTest::keyClick(&f.map, Qt::Key_Home);
        QCOMPARE(f.map.viewport().worldPx(), 800.0);
    }

    void wheelZoomsAboutTheCursor()
    {
        MapFixture f;
        f.map.setZoom(4.0);
        f.map.centerOn({30.0, 0.0});
        const QPointF cursor(600, 150);
        const QPointF worldUnderCursor = f.map.viewport().screenToWorld(cursor);
        QWheelEvent wheel(cursor, f.map.mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&f.map, &wheel);
        QCOMPARE(f.map.zoom(), 5.0);
        const QPointF after = f.map.viewport().worldToScreen(worldUnderCursor);
        QVERIFY(QLineF(after, cursor).length() < 1e-6);
    }

    void dragPans()
    {
        MapFixture f;
        f.map.setZoom(4.0);
        f.map.centerOn({30.0, 0.0});
        const GeoCoordinate before = f.map.center();
        QTest::mousePress(&f.map, Qt::LeftButton, {}, QPoint(400, 250));
        QMouseEvent move(QEvent::MouseMove, QPointF(300, 250), f.map.mapToGlobal(QPointF(300, 250)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&f.map, &move);
        QTest::mouseRelease(&f.map, Qt::LeftButton, {}, QPoint(300, 250));
        // Dragged left by 100 px: the map shows what was east.
        QVERIFY(f.map.center().lon > before.lon + 5.0);
        QVERIFY(f.map.selectedIds().isEmpty());
    }

    void clickSelectsNearestBanner()
    {
        MapFixture f;
        f.map.setSnapshot(makeSnapshot({makeBanner(1, 25.760, -80.190), makeBanner(2, 25.770, -80.130),
                                        makeBanner(3, 25.780, -80.070)}));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(12.0);
        QSignalSpy selection(&f.map, &FleetMapWidget::selectionChanged);
        QCOMPARE(f.screenOf(25.770, -80.130), QPoint(400, 250));
        QVERIFY(f.map.rect().contains(f.screenOf(25.760, -80.190)));
        QTest::mouseClick(&f.map, Qt::LeftButton, {}, f.screenOf(25.770, -80.130) + QPoint(4, -3));
        QCOMPARE(selection.count(), 1);
        QCOMPARE(selection.first().first().value<QList<quint64>>(), QList<quint64>{2});
        QCOMPARE(f.map.selectedIds(), QList<quint64>{2});

        // Ctrl adds; a click on empty sea clears.
        QTest::mouseClick(&f.map, Qt::LeftButton, Qt::ControlModifier, f.screenOf(25.780, -80.070));
        QCOMPARE(f.map.selectedIds(), (QList<quint64>{2, 3}));
        QTest::mouseClick(&f.map, Qt::LeftButton, {}, QPoint(20, 20));
        QVERIFY(f.map.selectedIds().isEmpty());

        QSignalSpy activated(&f.map, &FleetMapWidget::bannerActivated);
        QTest::mouseDClick(&f.map, Qt::LeftButton, {}, f.screenOf(25.760, -80.190));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().value<quint64>(), quint64(1));
    }

    void rubberBandSelectsInside()
    {
        MapFixture f;
        f.map.setSnapshot(makeSnapshot({makeBanner(1, 10.0, 10.0), makeBanner(2, 11.0, 11.0), makeBanner(3, 14.0, 14.0),
                                        makeBanner(4, 10.5, 13.5)}));
        f.map.centerOn({12.0, 12.0});
        f.map.setZoom(7.0);
        const QPoint from = f.screenOf(11.5, 9.5);
        const QPoint to = f.screenOf(9.5, 12.0);
        QVERIFY(f.map.rect().contains(from) && f.map.rect().contains(to));
        QSignalSpy selection(&f.map, &FleetMapWidget::selectionChanged);
        QTest::mousePress(&f.map, Qt::LeftButton, Qt::ShiftModifier, from);
        QMouseEvent move(QEvent::MouseMove, to, f.map.mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        QApplication::sendEvent(&f.map, &move);
        QTest::mouseRelease(&f.map, Qt::LeftButton, Qt::ShiftModifier, to);
        QCOMPARE(selection.count(), 1);
        QCOMPARE(f.map.selectedIds(), (QList<quint64>{1, 2}));
    }

    void hoverTooltipNamesTheBanner()
    {
        MapFixture f;
        f.map.setSnapshot(makeSnapshot({makeBanner(7, 25.77, -80.13, MapBannerStatus::PendingReview)}));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(12.0);
        QCOMPARE(f.map.bannerAt(f.screenOf(25.77, -80.13)), std::optional<quint64>(7));
        QCOMPARE(f.map.bannerAt(QPoint(10, 10)), std::nullopt);

        // Hovered: the tooltip names it. Then the map moves away (find, a queue row centring another
        // banner): the tooltip does not stay behind naming what is no longer under the cursor.
        QVERIFY(QTest::qWaitForWindowExposed(&f.map));
        const QPoint at = f.screenOf(25.77, -80.13);
        QHelpEvent hover(QEvent::ToolTip, at, f.map.mapToGlobal(at));
        QApplication::sendEvent(&f.map, &hover);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY(QToolTip::text().contains(QStringLiteral("N7AD")));
        f.map.centerOn({-33.86, 151.21});
        QTRY_VERIFY_WITH_TIMEOUT(!QToolTip::isVisible(), 3000); // it would stay 10 s on its own
    }

    void aggregatesAtWorldZoom()
    {
        MapFixture f;
        // 40,000 displaying banners off Miami and 30,000 offline ones off Sydney: at world zoom each
        // cluster is a handful of shaded cells in its status colour, not 70,000 planes.
        std::vector<MapBanner> banners;
        std::mt19937 random(7);
        std::normal_distribution<double> spread(0.0, 0.3);
        for (quint64 i = 0; i < 40'000; ++i)
            banners.push_back(makeBanner(i, 25.8 + spread(random), -80.1 + spread(random)));
        for (quint64 i = 40'000; i < 70'000; ++i)
            banners.push_back(makeBanner(i, -33.9 + spread(random), 151.3 + spread(random), MapBannerStatus::Offline));
        QSignalSpy applied(&f.map, &FleetMapWidget::snapshotApplied);
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        QVERIFY(applied.count() == 1 || applied.wait(10'000)); // large snapshots are indexed off the GUI thread
        QCOMPARE(f.map.snapshot()->size(), size_t(70'000));
        f.map.showWorld();

        const QImage image = f.render();
        const FleetMapWidget::FrameStats stats = f.map.lastFrameStats();
        QVERIFY2(stats.aggregateCells > 0 && stats.aggregateCells < 40, qPrintable(QString::number(stats.aggregateCells)));
        QVERIFY(stats.planes < 50);

        const QPoint miami = f.screenOf(25.8, -80.1);
        const QPoint sydney = f.screenOf(-33.9, 151.3);
        const QRect around(-24, -24, 48, 48);
        const int green = countGreen(image, around.translated(miami));
        const int red = countRed(image, around.translated(sydney));
        // A few 6.25 px cells (800 px world / 2^7) each.
        QVERIFY2(green >= 20 && green < 800, qPrintable(QString::number(green)));
        QVERIFY2(red >= 20 && red < 800, qPrintable(QString::number(red)));
        QCOMPARE(countGreen(image, around.translated(sydney)), 0);
        QCOMPARE(countRed(image, around.translated(miami)), 0);
    }

    void closeZoomTowsTheBannerAndLabelsIt()
    {
        MapFixture f;
        MapBanner b = makeBanner(1, 25.77, -80.13);
        b.headingDeg = 90.0f; // east: the banner is towed to the west
        b.text = QStringLiteral("MARRY ME SAM");
        f.map.setSnapshot(makeSnapshot({b}));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(14.0);
        const QImage image = f.render();
        const QPoint plane = f.screenOf(25.77, -80.13);
        QCOMPARE(f.map.lastFrameStats().planes, 1);
        QCOMPARE(f.map.lastFrameStats().bannerTexts, 1);
        int cloth = 0;
        int ahead = 0;
        for (int dx = 18; dx < 38; ++dx) {
            cloth += near(image.pixelColor(plane.x() - dx, plane.y()), f.map.theme().bannerCloth, 20);
            ahead += near(image.pixelColor(plane.x() + dx, plane.y()), f.map.theme().bannerCloth, 20);
        }
        QVERIFY2(cloth > 10, qPrintable(QString::number(cloth)));
        QCOMPARE(ahead, 0);
        // The text is in an upright label beside the plane, not along the cloth: wider than tall,
        // clear of the plane.
        const std::vector<QRectF> labels = f.map.lastLabelRects();
        QCOMPARE(labels.size(), size_t(1));
        QVERIFY(labels[0].width() > labels[0].height());
        QVERIFY(!labels[0].contains(QPointF(plane)));
    }

    void labelsNeverOverlapEachOtherOrPlanes()
    {
        MapFixture f;
        // 150 planes within 2 km off Miami, all showing text: far more labels than fit.
        std::vector<MapBanner> banners;
        std::mt19937 random(11);
        std::uniform_real_distribution<double> offset(-0.01, 0.01);
        for (quint64 i = 1; i <= 150; ++i) {
            MapBanner b = makeBanner(i, 25.77 + offset(random), -80.13 + offset(random));
            b.headingDeg = float(i * 37 % 360);
            banners.push_back(b);
        }
        banners[41].status = MapBannerStatus::PendingReview;
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(15.0);
        f.map.setSelectedIds({77});
        (void)f.render();
        const FleetMapWidget::FrameStats stats = f.map.lastFrameStats();
        const std::vector<QRectF> labels = f.map.lastLabelRects();
        QCOMPARE(int(labels.size()), stats.labels);
        QVERIFY2(stats.labels >= 10, qPrintable(QString::number(stats.labels)));
        QVERIFY2(stats.labelsLeftOut > 0, "the test must crowd the labels");
        for (size_t a = 0; a < labels.size(); ++a) {
            QVERIFY(f.map.rect().contains(labels[a].toAlignedRect()));
            for (size_t b = a + 1; b < labels.size(); ++b)
                QVERIFY2(!labels[a].intersects(labels[b]), qPrintable(QStringLiteral("labels %1 and %2").arg(a).arg(b)));
        }
        // No label covers a plane's body (its sprite's square less the empty corners).
        const double half = 0.7 * (PlaneSprites::pixelSize(PlaneSprites::Size::Large) + 2) / 2.0;
        for (const MapBanner &b : *f.map.snapshot()) {
            const QPointF p = f.map.viewport().worldToScreen(MercatorProjection::project(b.lat, b.lon));
            const QRectF glyph(p - QPointF(half, half), QSizeF(2 * half, 2 * half));
            for (const QRectF &label : labels)
                QVERIFY(!label.intersects(glyph));
        }
        // The selection is labelled first, then what waits for review: both always get theirs.
        const auto labelled = [&](quint64 id) {
            const MapBanner &b = (*f.map.snapshot())[size_t(id - 1)];
            const QPointF p = f.map.viewport().worldToScreen(MercatorProjection::project(b.lat, b.lon));
            return std::any_of(labels.begin(), labels.end(), [&](const QRectF &r) {
                return QLineF(r.center(), p).length() < r.width() / 2 + r.height() + 12;
            });
        };
        QVERIFY(labelled(77));
        QVERIFY(labelled(42));
    }

    void legendCountsEachStatusAndFiltersIt()
    {
        MapFixture f;
        std::vector<MapBanner> banners;
        banners.push_back(makeBanner(1, 25.770, -80.130, MapBannerStatus::Displaying));
        banners.push_back(makeBanner(2, 25.772, -80.120, MapBannerStatus::Offline));
        banners.push_back(makeBanner(3, 25.774, -80.110, MapBannerStatus::Displaying));
        banners[2].paused = true;
        banners[2].batteryPercent = 12.0f;
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        f.map.centerOn({25.772, -80.12});
        f.map.setZoom(13.0);
        MapLegend *legend = f.map.legend();
        QVERIFY(legend->isVisible());
        QCOMPARE(legend->counts()[size_t(MapCategory::Displaying)], 2u);
        QCOMPARE(legend->counts()[size_t(MapCategory::Offline)], 1u);
        QCOMPARE(legend->counts()[size_t(MapCategory::Paused)], 1u);
        QCOMPARE(legend->counts()[size_t(MapCategory::LowBattery)], 1u);
        QVERIFY(legend->button(MapCategory::Offline)->text().contains(QLatin1String("1")));

        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().planes, 3);
        QCOMPARE(f.map.bannerAt(f.screenOf(25.772, -80.120)), std::optional<quint64>(2));

        // A click on "Offline" hides the offline banner: not drawn, not clickable.
        QSignalSpy changed(&f.map, &FleetMapWidget::filterChanged);
        QTest::mouseClick(legend->button(MapCategory::Offline), Qt::LeftButton);
        QCOMPARE(changed.count(), 1);
        QVERIFY(f.map.filter().isHidden(MapCategory::Offline));
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().planes, 2);
        QCOMPARE(f.map.bannerAt(f.screenOf(25.772, -80.120)), std::nullopt);

        // Hiding "Paused" hides the paused banner whatever its status.
        QTest::mouseClick(legend->button(MapCategory::Paused), Qt::LeftButton);
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().planes, 1);
        QCOMPARE(f.map.bannerAt(f.screenOf(25.774, -80.110)), std::nullopt);

        // A selected banner is drawn (and labelled) even when the legend hides it.
        f.map.setSelectedIds({2});
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().planes, 2);

        // Shown again.
        QTest::mouseClick(legend->button(MapCategory::Offline), Qt::LeftButton);
        QTest::mouseClick(legend->button(MapCategory::Paused), Qt::LeftButton);
        QVERIFY(f.map.filter().showsAll());
    }

    void filteredClustersCountOnlyWhatTheyShow()
    {
        MapFixture f;
        std::vector<MapBanner> banners;
        std::mt19937 random(3);
        std::normal_distribution<double> spread(0.0, 0.2);
        for (quint64 i = 0; i < 3'000; ++i)
            banners.push_back(makeBanner(i, 25.8 + spread(random), -80.1 + spread(random),
                                         i % 3 == 0 ? MapBannerStatus::Offline : MapBannerStatus::Displaying));
        QSignalSpy applied(&f.map, &FleetMapWidget::snapshotApplied);
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        QVERIFY(applied.count() == 1 || applied.wait(10'000));
        f.map.showWorld();
        QImage image = f.render();
        const QRect around = QRect(-24, -24, 48, 48).translated(f.screenOf(25.8, -80.1));
        QVERIFY(countGreen(image, around) + countRed(image, around) > 0);
        MapBannerFilter filter;
        filter.setHidden(MapCategory::Offline, true);
        filter.setHidden(MapCategory::Displaying, true);
        f.map.setFilter(filter);
        image = f.render();
        QCOMPARE(f.map.lastFrameStats().aggregateCells, 0);
        QCOMPARE(countGreen(image, around) + countRed(image, around), 0);
        filter.setHidden(MapCategory::Offline, false);
        f.map.setFilter(filter);
        image = f.render();
        QVERIFY(f.map.lastFrameStats().aggregateCells > 0);
        QVERIFY(countRed(image, around) > 0);
        QCOMPARE(countGreen(image, around), 0);
    }

    void closeClustersRingTheirStatusMix()
    {
        MapFixture f;
        // 60 banners in a few metres: one cluster even close in, 50 displaying and 10 offline.
        std::vector<MapBanner> banners;
        for (quint64 i = 0; i < 60; ++i)
            banners.push_back(makeBanner(i, 25.77 + 1e-6 * double(i), -80.13,
                                         i < 50 ? MapBannerStatus::Displaying : MapBannerStatus::Offline));
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(14.0);
        const QImage image = f.render();
        QCOMPARE(f.map.lastFrameStats().aggregateCells, 1);
        const QRect around = QRect(-40, -40, 80, 80).translated(f.screenOf(25.77, -80.13));
        const int green = countGreen(image, around);
        const int red = countRed(image, around);
        QVERIFY2(green > 3 * red && red > 0, qPrintable(QStringLiteral("green %1 red %2").arg(green).arg(red)));
    }

    void selectedBannerIsDrawnOverItsCluster()
    {
        MapFixture f;
        std::vector<MapBanner> banners;
        std::mt19937 random(5);
        std::normal_distribution<double> spread(0.0, 0.05);
        for (quint64 i = 1; i <= 5'000; ++i)
            banners.push_back(makeBanner(i, -33.89 + spread(random), 151.27 + spread(random)));
        QSignalSpy applied(&f.map, &FleetMapWidget::snapshotApplied);
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        QVERIFY(applied.count() == 1 || applied.wait(10'000));
        f.map.centerOn({-33.89, 151.27});
        f.map.setZoom(9.0);
        (void)f.render();
        const int planesBefore = f.map.lastFrameStats().planes;
        QVERIFY(f.map.lastFrameStats().aggregateCells > 0);
        f.map.setSelectedIds({1234});
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().planes, planesBefore + 1);
        QVERIFY(f.map.lastFrameStats().labels >= 1); // the selection is labelled even when others are not
    }

    void offlineIsHollowAndPausedAndLowBatteryAreMarked()
    {
        MapTheme theme = MapTheme::dark();
        PlaneSprites sprites;
        sprites.setTheme(theme);
        // The centre of the fuselage: filled for every status but offline, whose plane is an outline.
        const QImage idle = sprites.sprite(MapBannerStatus::Idle, 0.0f, PlaneSprites::Size::Large, 1.0);
        const QImage offline = sprites.sprite(MapBannerStatus::Offline, 0.0f, PlaneSprites::Size::Large, 1.0);
        const QPoint centre(idle.width() / 2, idle.height() / 2);
        QVERIFY(near(idle.pixelColor(centre), theme.statusColour(MapBannerStatus::Idle), 30));
        QVERIFY(!near(offline.pixelColor(centre), theme.statusColour(MapBannerStatus::Offline), 60));

        MapFixture f;
        MapBanner plain = makeBanner(1, 25.77, -80.13, MapBannerStatus::Queued);
        plain.text.clear();
        f.map.setSnapshot(makeSnapshot({plain}));
        f.map.centerOn({25.77, -80.13});
        f.map.setZoom(12.0);
        const QImage before = f.render();
        MapBanner marked = plain;
        marked.paused = true;
        marked.batteryPercent = 8.0f;
        f.map.setSnapshot(makeSnapshot({marked}));
        const QImage after = f.render();
        const QPoint at = f.screenOf(25.77, -80.13);
        int differing = 0;
        for (int y = at.y() - 14; y <= at.y() + 14; ++y)
            for (int x = at.x() + 2; x <= at.x() + 16; ++x)
                differing += before.pixelColor(x, y) != after.pixelColor(x, y);
        QVERIFY2(differing > 20, qPrintable(QString::number(differing)));
    }

    void trailsFollowThePlanes()
    {
        MapFixture f;
        MapBanner b = makeBanner(1, 25.77, -80.13);
        b.headingDeg = 90.0f;
        b.speedKnots = 90.0f;
        f.map.setSnapshot(makeSnapshot({b}));
        f.map.centerOn({25.77, -80.12});
        f.map.setZoom(14.0);
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().trails, 0); // one point is no trail
        for (int i = 0; i < 5; ++i) {
            f.now += 3'000;
            (void)f.render();
        }
        QCOMPARE(f.map.lastFrameStats().trails, 1);
        // Far out no trail is kept or drawn.
        f.map.setZoom(2.0);
        (void)f.render();
        QCOMPARE(f.map.lastFrameStats().trails, 0);
    }

    void framingSelectionAndRegions()
    {
        MapFixture f;
        f.map.setSnapshot(makeSnapshot({makeBanner(1, 25.77, -80.13), makeBanner(2, 40.57, -73.98),
                                        makeBanner(3, -33.89, 151.27)}));
        QVERIFY(!f.map.frameSelection()); // nothing selected
        f.map.setSelectedIds({1, 2});
        QVERIFY(f.map.frameSelection());
        (void)f.render();
        for (const QPoint p : {f.screenOf(25.77, -80.13), f.screenOf(40.57, -73.98)})
            QVERIFY2(f.map.rect().adjusted(20, 20, -20, -20).contains(p), qPrintable(QStringLiteral("%1,%2").arg(p.x()).arg(p.y())));
        QVERIFY(!f.map.rect().contains(f.screenOf(-33.89, 151.27)));

        // One banner is framed close, at the zoom find uses.
        f.map.setSelectedIds({3});
        QVERIFY(f.map.frameSelection());
        const double framed = f.map.zoom();
        QVERIFY(f.map.findAndCenter(QStringLiteral("3")));
        QCOMPARE(framed, f.map.zoom());

        f.map.frameRegion({-33.93, 151.23}, {-33.85, 151.31});
        QVERIFY(std::abs(f.map.center().lat + 33.89) < 0.01 && std::abs(f.map.center().lon - 151.27) < 0.01);
        QVERIFY(f.map.zoom() > 12.0);

        QVERIFY(f.map.frameFleet());
        for (const QPoint p : {f.screenOf(25.77, -80.13), f.screenOf(40.57, -73.98), f.screenOf(-33.89, 151.27)})
            QVERIFY(f.map.rect().contains(p));
    }

    void labelPlacerKeepsItsPromises()
    {
        LabelPlacer placer;
        placer.reset(QRectF(0, 0, 200, 100));
        placer.addObstacle(QRectF(90, 40, 20, 20));
        int chosen = -1;
        // Right of the obstacle-plane is free.
        const QRectF first = placer.place(QPointF(100, 50), 10, QSizeF(60, 14), -1, &chosen);
        QCOMPARE(chosen, 0);
        QVERIFY(first.left() > 110);
        // The same place again is taken: another position is used, clear of the first.
        const QRectF second = placer.place(QPointF(100, 50), 10, QSizeF(60, 14), 0, &chosen);
        QVERIFY(!second.isEmpty());
        QVERIFY(!second.intersects(first));
        QVERIFY(chosen != 0);
        // A label larger than the bounds never fits.
        QVERIFY(placer.place(QPointF(100, 50), 10, QSizeF(300, 14), -1).isEmpty());
    }

    void findByCallsignCentresIt()
    {
        MapFixture f;
        std::vector<MapBanner> banners;
        for (quint64 i = 1; i <= 500; ++i)
            banners.push_back(makeBanner(i, -40.0 + i * 0.15, -120.0 + i * 0.4));
        f.map.setSnapshot(makeSnapshot(std::move(banners)));
        QSignalSpy selection(&f.map, &FleetMapWidget::selectionChanged);
        QVERIFY(f.map.findAndCenter(QStringLiteral("n123ad")));
        QCOMPARE(f.map.selectedIds(), QList<quint64>{123});
        QCOMPARE(selection.count(), 1);
        QVERIFY(std::abs(f.map.center().lat - (-40.0 + 123 * 0.15)) < 1e-4);
        QVERIFY(std::abs(f.map.center().lon - (-120.0 + 123 * 0.4)) < 1e-4);
        QVERIFY(f.map.zoom() >= 12.0);

        QVERIFY(f.map.findAndCenter(QStringLiteral("321")));
        QCOMPARE(f.map.selectedIds(), QList<quint64>{321});
        QVERIFY(!f.map.findAndCenter(QStringLiteral("no such plane")));
        QCOMPARE(f.map.selectedIds(), QList<quint64>{321});
    }

    void followKeepsTheSelectedBannerCentred()
    {
        MapFixture f;
        MapBanner b = makeBanner(5, 0.0, 0.0);
        b.headingDeg = 0.0f;
        b.speedKnots = 120.0f;
        f.map.setSnapshot(makeSnapshot({b}));
        QVERIFY(f.map.findAndCenter(QStringLiteral("5")));
        f.map.setFollowSelected(true);
        f.now += 30'000;
        f.render();
        QVERIFY(std::abs(f.map.center().lat - f.map.bannerPosition(5)->lat) < 1e-9);
        QVERIFY(f.map.center().lat > 0.01);
        // Dragging ends the follow.
        QTest::keyClick(&f.map, Qt::Key_Left);
        QVERIFY(!f.map.followSelected());
    }

    void deadReckoningMovesBySpeedTimesTime()
    {
        MapBanner b = makeBanner(1, 0.0, 0.0);
        b.headingDeg = 90.0f;
        b.speedKnots = 360.0f; // 6 NM a minute
        const GeoCoordinate east = DeadReckoning::position(b, Now + 60'000);
        const double metres = east.lon * M_PI / 180.0 * MercatorProjection::EarthRadiusMetres;
        QVERIFY2(std::abs(metres - 6 * DeadReckoning::MetresPerNauticalMile) < 1.0, qPrintable(QString::number(metres)));
        QVERIFY(std::abs(east.lat) < 1e-9);

        b.headingDeg = 0.0f;
        const GeoCoordinate north = DeadReckoning::position(b, Now + 30'000);
        QVERIFY(std::abs(north.lat * M_PI / 180.0 * MercatorProjection::EarthRadiusMetres - 3 * 1852.0) < 1.0);
        // Capped: an old fix does not send the plane across the ocean.
        const GeoCoordinate capped = DeadReckoning::position(b, Now + 3'600'000);
        QCOMPARE(capped.lat, DeadReckoning::position(b, Now + DeadReckoning::MaxExtrapolationMs).lat);
        b.status = MapBannerStatus::Offline;
        QCOMPARE(DeadReckoning::position(b, Now + 60'000).lat, 0.0);

        // The widget draws and reports the reckoned position.
        MapFixture f;
        b.status = MapBannerStatus::Displaying;
        b.headingDeg = 90.0f;
        f.map.setSnapshot(makeSnapshot({b}));
        f.now = Now + 60'000;
        QVERIFY(std::abs(f.map.bannerPosition(1)->lon - east.lon) < 1e-12);
        f.map.centerOn(east);
        f.map.setZoom(13.0);
        QCOMPARE(f.map.bannerAt(f.screenOf(east.lat, east.lon)), std::optional<quint64>(1));
        QCOMPARE(f.map.bannerAt(f.screenOf(0.0, 0.0)), std::nullopt);
    }

    void spatialIndexCountsEveryBannerOnce()
    {
        std::vector<MapBanner> banners;
        std::mt19937 random(3);
        std::uniform_real_distribution<double> lat(-80.0, 80.0);
        std::uniform_real_distribution<double> lon(-180.0, 180.0);
        for (quint64 i = 0; i < 10'000; ++i)
            banners.push_back(makeBanner(i * 7 + 1, lat(random), lon(random), MapBannerStatus(i % MapBannerStatusCount)));
        const BannerSpatialIndex index(makeSnapshot(banners));
        for (const int level : {0, 3, 7, 12}) {
            std::vector<BannerSpatialIndex::Cell> cells;
            index.cells(QRectF(0, 0, 1, 1), level, cells);
            quint32 total = 0;
            BannerSpatialIndex::StatusCounts statuses{};
            for (const BannerSpatialIndex::Cell &cell : cells) {
                total += cell.count();
                const auto counts = index.statusCounts(cell.begin, cell.end);
                for (int s = 0; s < MapBannerStatusCount; ++s)
                    statuses[size_t(s)] += counts[size_t(s)];
                // Every banner of the cell lies in it.
                for (quint32 i = cell.begin; i < cell.end; ++i) {
                    const MapBanner &b = index.banner(index.bannerAt(i));
                    const QPointF p = MercatorProjection::project(b.lat, b.lon);
                    QVERIFY(cell.worldRect().adjusted(-1e-9, -1e-9, 1e-9, 1e-9).contains(p));
                }
            }
            QCOMPARE(total, 10'000u);
            for (int s = 0; s < MapBannerStatusCount; ++s)
                QCOMPARE(statuses[size_t(s)], s < 4 ? 1667u : 1666u);
        }
        QCOMPARE(index.indexOfId(7 * 500 + 1), std::optional<quint32>(500));
        QCOMPARE(index.indexOfId(2), std::nullopt);
    }
};

QTEST_MAIN(TestFleetMapWidget)
#include "tst_fleetmapwidget.moc"
