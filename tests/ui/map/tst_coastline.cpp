// The GSHHG coastline tiles (ui/map/Coastline): land and sea where Natural Earth 1:50m is wrong, the
// tiles a view needs, the level of detail by zoom, lazy and thread-safe loading, seamless tile edges.
#include "Basemap.h"
#include "BasemapCache.h"
#include "Coastline.h"
#include "MapTheme.h"
#include "MercatorProjection.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentMap>

#include <cmath>

using namespace airdisplay;

namespace {

// About 300 m of longitude at a latitude.
double lon300m(double lat)
{
    return 300.0 / (111'320.0 * std::cos(lat * M_PI / 180.0));
}

double worldPxAtZoom(double zoom)
{
    return 256.0 * std::pow(2.0, zoom);
}

} // namespace

class TestCoastline : public QObject
{
    Q_OBJECT

private slots:
    void fileIsFoundAndValid()
    {
        const Coastline &coastline = Coastline::instance();
        QVERIFY2(coastline.isValid(), qPrintable(coastline.fileName()));
        QCOMPARE(coastline.binDegrees(Coastline::Level::Intermediate), 5.0);
        QCOMPARE(coastline.binDegrees(Coastline::Level::High), 2.0);
        // Bins with shoreline or all land, in the Mercator world (GSHHG 2.3.7).
        QVERIFY(coastline.tileCount(Coastline::Level::Intermediate) > 1000);
        QVERIFY(coastline.tileCount(Coastline::Level::High) > coastline.tileCount(Coastline::Level::Intermediate));
    }

    // The regression of issue 15: at beach zoom, Natural Earth 1:50m puts planes 300 m off the beach over
    // land, or a whole beach town in the sea. Each row is a point where 1:50m is wrong and GSHHG high right.
    void beachesWhereNaturalEarthIsWrong_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("land");
        // Gold Coast, Surfers Paradise: the beach runs north-south at 153.431 E.
        QTest::newRow("Gold Coast, 300 m offshore") << -28.00 << 153.431 + lon300m(-28.0) << false;
        // Miami Beach is a barrier island that 1:50m leaves out: the town is in the sea there.
        QTest::newRow("Miami Beach, 300 m inland") << 25.79 << -80.1285 - lon300m(25.79) << true;
        // Copacabana: 1:50m's shore is 3 km inland, behind the whole neighbourhood.
        QTest::newRow("Copacabana, 300 m inland") << -22.97 << -43.1805 - lon300m(-22.97) << true;
    }
    void beachesWhereNaturalEarthIsWrong()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, land);
        QCOMPARE(Coastline::instance().isLand({lat, lon}, Coastline::Level::High), std::optional<bool>(land));
        QCOMPARE(Basemap::instance().isLand({lat, lon}, Basemap::Layer::Land50m), !land);
    }

    // And where both agree, the detailed layer must not be wrong either.
    void beachesWhereBothAreRight_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<bool>("land");
        QTest::newRow("Gold Coast, 300 m inland") << -28.00 << 153.431 - lon300m(-28.0) << true;
        QTest::newRow("Miami Beach, 300 m offshore") << 25.79 << -80.1285 + lon300m(25.79) << false;
        QTest::newRow("Copacabana, 300 m offshore") << -22.97 << -43.1805 + lon300m(-22.97) << false;
        QTest::newRow("Bondi, 300 m inland") << -33.8915 << 151.2767 - lon300m(-33.8915) << true;
        QTest::newRow("open Atlantic") << 0.0 << -30.0 << false;
        QTest::newRow("central Australia") << -25.0 << 135.0 << true;
        QTest::newRow("Lake Michigan is not land") << 43.5 << -87.0 << false;
    }
    void beachesWhereBothAreRight()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(bool, land);
        QCOMPARE(Coastline::instance().isLand({lat, lon}, Coastline::Level::High), std::optional<bool>(land));
        QCOMPARE(Coastline::instance().isLand({lat, lon}, Coastline::Level::Intermediate), std::optional<bool>(land));
    }

    void bondiOffshore()
    {
        // GSHHG 2.3.7 draws the coast from Manly to Cronulla about 0.9 km east of where it is (Bondi's beach is
        // at 151.277 E; GSHHG's shore at 151.294 E), so a plane 300 m off Bondi is still over its land.
        const GeoCoordinate offshore{-33.8915, 151.2767 + lon300m(-33.8915)};
        QEXPECT_FAIL("", "GSHHG's Sydney coastline is ~0.9 km east of the real one", Continue);
        QCOMPARE(Coastline::instance().isLand(offshore, Coastline::Level::High), std::optional<bool>(false));
        // Two kilometres out it is sea in both.
        QCOMPARE(Coastline::instance().isLand({-33.8915, 151.2767 + 7 * lon300m(-33.8915)}, Coastline::Level::High),
                 std::optional<bool>(false));
    }

    void tilesInViewAreOnlyThoseItIntersects()
    {
        const Coastline coastline(Coastline::defaultFileName());
        QVERIFY(coastline.isValid());
        QCOMPARE(coastline.cachedTileCount(), 0); // opening reads the index only
        // A beach view, 2 km across, lies in one 2° bin.
        const QRectF beach(MercatorProjection::project(-33.88, 151.26), MercatorProjection::project(-33.90, 151.28));
        const std::vector<int> one = coastline.tilesIn(Coastline::Level::High, beach);
        QCOMPARE(one.size(), size_t(1));
        const Coastline::TilePtr tile = coastline.tile(Coastline::Level::High, one.front());
        QVERIFY(tile);
        QVERIFY(tile->bounds.contains(beach));
        QVERIFY(tile->pointCount > 100);
        QCOMPARE(coastline.cachedTileCount(), 1);
        QCOMPARE(coastline.tile(Coastline::Level::High, one.front()), tile); // from the cache

        // A view over a corner where four bins meet (32° S 152° E is at sea, 150° E on land).
        const QRectF corner(MercatorProjection::project(-31.9, 149.9), MercatorProjection::project(-32.1, 150.1));
        const std::vector<int> four = coastline.tilesIn(Coastline::Level::High, corner);
        QCOMPARE(four.size(), size_t(4));
        for (const int bin : four)
            QVERIFY(coastline.tile(Coastline::Level::High, bin)->bounds.intersects(corner));

        // A wide view: every tile returned intersects it, and none that intersects is missing.
        const QRectF region(MercatorProjection::project(-30.0, 148.5), MercatorProjection::project(-37.5, 155.0));
        const std::vector<int> tiles = coastline.tilesIn(Coastline::Level::High, region);
        QVERIFY(tiles.size() >= 6 && tiles.size() <= 20);
        for (const int bin : tiles)
            QVERIFY(coastline.tile(Coastline::Level::High, bin)->bounds.intersects(region));

        // The open South Pacific has no tiles at all.
        const QRectF pacific(MercatorProjection::project(-40.0, -130.0), MercatorProjection::project(-44.0, -126.0));
        QVERIFY(coastline.tilesIn(Coastline::Level::High, pacific).empty());
        QCOMPARE(coastline.isLand({-42.0, -128.0}, Coastline::Level::High), std::optional<bool>(false));
    }

    void levelsByZoom()
    {
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(2)), std::nullopt);
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(6.9)), std::nullopt);
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(7.5)), std::optional(Coastline::Level::Intermediate));
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(9.9)), std::optional(Coastline::Level::Intermediate));
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(10)), std::optional(Coastline::Level::High));
        QCOMPARE(Coastline::levelFor(worldPxAtZoom(17)), std::optional(Coastline::Level::High));
    }

    void tilesLoadFromManyThreads()
    {
        const Coastline coastline(Coastline::defaultFileName());
        const QRectF region(MercatorProjection::project(-10.0, 110.0), MercatorProjection::project(-44.0, 156.0));
        const std::vector<int> bins = coastline.tilesIn(Coastline::Level::High, region);
        QVERIFY(bins.size() > 50);
        // Every bin asked for four times at once from the pool's threads.
        QList<int> asks;
        for (int round = 0; round < 4; ++round)
            for (const int bin : bins)
                asks.append(bin);
        const QList<const Coastline::Tile *> tiles = QtConcurrent::blockingMapped(asks, [&coastline](int bin) {
            return coastline.tile(Coastline::Level::High, bin).get();
        });
        for (qsizetype i = 0; i < tiles.size(); ++i) {
            QVERIFY(tiles[i]);
            QCOMPARE(tiles[i]->bin, asks[i]);
        }
        QVERIFY(coastline.cachedTileCount() <= Coastline::CachedTiles);
    }

    void damagedFileIsRefused()
    {
        QTemporaryDir dir;
        const QString name = dir.filePath(QStringLiteral("coastline.adct"));
        QFile file(name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("ADCT\x01\x00\x02\x00garbage", 15);
        file.close();
        const Coastline damaged(name);
        QVERIFY(!damaged.isValid());
        QCOMPARE(damaged.isLand({-25.0, 135.0}, Coastline::Level::High), std::nullopt);
        QVERIFY(damaged.tilesIn(Coastline::Level::High, QRectF(0, 0, 1, 1)).empty());
        const Coastline missing(dir.filePath(QStringLiteral("none.adct")));
        QVERIFY(!missing.isValid());
    }

    // Tiles are clipped polygons: their cut edges must not show as lines. At 24° S 134° E four
    // all-land bins of central Australia meet; every pixel along their shared edges must be land.
    void tileEdgesLeaveNoSeam()
    {
        const MapTheme theme = MapTheme::dark();
        BasemapCache::Request request;
        request.deviceSize = QSize(400, 300);
        request.worldPx = worldPxAtZoom(11);
        const QPointF corner = MercatorProjection::project(-24.0, 134.0);
        request.originWorld = corner - QPointF(200, 150) / request.worldPx;
        request.theme = theme;
        request.basemap = &Basemap::instance();
        const BasemapCache::Result result = BasemapCache::render(request);
        QCOMPARE(result.stats.coastLevel, std::optional(Coastline::Level::High));
        QCOMPARE(result.stats.coastTiles, 4);
        const QImage &image = result.image;
        int notLand = 0;
        for (int d = -140; d < 140; ++d) {
            for (int off = -1; off <= 1; ++off) {
                notLand += image.pixelColor(200 + off, 150 + d / 2) != theme.land;
                notLand += image.pixelColor(200 + d, 150 + off) != theme.land;
            }
        }
        QCOMPARE(notLand, 0);
    }
};

QTEST_MAIN(TestCoastline)
#include "tst_coastline.moc"
