// Fleet map benchmark: frame time of FleetMapWidget rendered into a 1600x1000 image on the raster engine,
// at world, regional, coastal, city, close and beach zoom (labels placed, trails drawn), with 100,000 and
// 1,000,000 banners clustered along coastlines and at popular beaches; the time a worker takes to render
// the basemap image (GSHHG's coastline from regional zoom on); and the GUI frame while such a render is in
// flight. Prints `bench: <name> <value> <unit>` lines (see docs/performance.md).
//
//   bench_map [--frames N] [--png DIR]     (--png saves one frame per view as DIR/map_<zoom>_<N>.png)
#include "Basemap.h"
#include "BasemapCache.h"
#include "FleetMapWidget.h"
#include "MercatorProjection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace airdisplay;

namespace {

constexpr QSize FrameSize(1600, 1000);
constexpr qint64 StartMs = 1'700'000'000'000;
constexpr qint64 FrameMs = 33;

struct Beach
{
    const char *name;
    double lat;
    double lon;
};

// Where towed banners fly: the busiest beaches get 30% of the fleet, 69% spreads along coastlines and
// 1% is anywhere (ferry flights).
constexpr Beach Beaches[] = {
    {"Miami Beach", 25.79, -80.13},   {"Copacabana", -22.97, -43.18}, {"Bondi", -33.89, 151.27},
    {"Nice", 43.69, 7.26},            {"Santa Monica", 34.01, -118.49}, {"Gold Coast", -28.00, 153.43},
    {"Cancun", 21.16, -86.85},        {"Barcelona", 41.38, 2.19},      {"Waikiki", 21.27, -157.83},
    {"Tel Aviv", 32.08, 34.77},       {"Durban", -29.86, 31.04},       {"Benidorm", 38.53, -0.13},
};

MapBannerSnapshot makeFleet(int count, std::mt19937_64 &random)
{
    static const QString texts[] = {
        QStringLiteral("HAPPY BIRTHDAY ANNA"), QStringLiteral("MARRY ME, SAM?"), QStringLiteral("EAT AT JOE'S"),
        QStringLiteral("SURF SHOP 50% OFF"),   QStringLiteral("GO TEAM GO"),     QStringLiteral("WELCOME HOME DAD"),
        QString()};
    // Coastline vertices of the 1:110m land, away from the ice, as cluster centres.
    std::vector<GeoCoordinate> coast;
    for (const QPolygonF &ring : Basemap::instance().rings(Basemap::Layer::Land110m)) {
        for (const QPointF &p : ring) {
            const GeoCoordinate c = MercatorProjection::unproject(p);
            if (c.lat > -45.0 && c.lat < 62.0)
                coast.push_back(c);
        }
    }
    std::uniform_int_distribution<size_t> pickCoast(0, coast.size() - 1);
    std::uniform_int_distribution<size_t> pickBeach(0, std::size(Beaches) - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<std::pair<GeoCoordinate, double>> clusters; // centre, spread in degrees
    for (int i = 0; i < 2000; ++i)
        clusters.push_back({coast[pickCoast(random)], 0.05 + 0.4 * unit(random)});
    std::uniform_int_distribution<size_t> pickCluster(0, clusters.size() - 1);

    auto banners = std::make_shared<std::vector<MapBanner>>(size_t(count));
    for (int i = 0; i < count; ++i) {
        MapBanner &b = (*banners)[size_t(i)];
        const double roll = unit(random);
        GeoCoordinate centre;
        double spread = 0.0;
        if (roll < 0.30) {
            const Beach &beach = Beaches[pickBeach(random)];
            centre = {beach.lat, beach.lon};
            spread = 0.15;
        } else if (roll < 0.99) {
            std::tie(centre, spread) = clusters[pickCluster(random)];
        } else {
            centre = {-50.0 + 115.0 * unit(random), -180.0 + 360.0 * unit(random)};
        }
        b.id = quint64(i) + 1;
        b.lat = float(std::clamp(centre.lat + spread * normal(random), -80.0, 80.0));
        b.lon = float(std::clamp(centre.lon + spread * normal(random), -180.0, 180.0));
        b.headingDeg = float(360.0 * unit(random));
        b.speedKnots = float(55.0 + 45.0 * unit(random));
        const double s = unit(random);
        b.status = s < 0.45 ? MapBannerStatus::Displaying
                 : s < 0.65 ? MapBannerStatus::Queued
                 : s < 0.85 ? MapBannerStatus::Idle
                 : s < 0.90 ? MapBannerStatus::PendingReview
                 : s < 0.95 ? MapBannerStatus::Offline
                            : MapBannerStatus::Stale;
        b.callsign = QStringLiteral("N%1AD").arg(i + 1);
        b.text = b.status == MapBannerStatus::Displaying ? texts[size_t(i) % 6] : texts[6];
        b.lastSeenMs = StartMs - qint64(5000 * unit(random));
        b.paused = unit(random) < 0.02;
        b.batteryPercent = float(5.0 + 95.0 * unit(random)); // about 16% below LowBatteryPercent
    }
    return banners;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

// The basemap is rendered on a worker: frames until its image for this view has arrived.
void waitForBasemap(FleetMapWidget &map, QImage &image)
{
    map.render(&image);
    while (!map.basemapCache().covers(map.viewport(), image.devicePixelRatioF())) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        map.render(&image);
    }
}

// What the worker does for the map's current view, timed on this thread.
std::vector<double> basemapRenderTimes(const FleetMapWidget &map, int runs, BasemapCache::Stats &stats)
{
    const MapViewport &viewport = map.viewport();
    BasemapCache::Request request;
    request.deviceSize = (viewport.size() + QSizeF(2 * BasemapCache::MarginPx, 2 * BasemapCache::MarginPx)).toSize();
    request.worldPx = viewport.worldPx();
    request.originWorld = viewport.screenToWorld(QPointF(-BasemapCache::MarginPx, -BasemapCache::MarginPx));
    request.theme = map.theme();
    request.basemap = &Basemap::instance();
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const BasemapCache::Result result = BasemapCache::render(request);
        times.push_back(result.stats.renderMs);
        stats = result.stats;
    }
    return times;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fleet map frame-time benchmark"));
    parser.addHelpOption();
    const QCommandLineOption framesOption(QStringLiteral("frames"), QStringLiteral("Frames per view."),
                                          QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption pngOption(QStringLiteral("png"), QStringLiteral("Save one frame per view here."),
                                       QStringLiteral("dir"));
    parser.addOption(framesOption);
    parser.addOption(pngOption);
    parser.process(app);
    const int frames = std::max(1, parser.value(framesOption).toInt());
    const QString pngDir = parser.value(pngOption);

    std::mt19937_64 random(2024);
    for (const int count : {100'000, 1'000'000}) {
        const MapBannerSnapshot fleet = makeFleet(count, random);
        FleetMapWidget map;
        qint64 now = StartMs;
        map.setClock([&now] { return now; });
        map.resize(FrameSize);

        QElapsedTimer indexing;
        indexing.start();
        map.setSnapshot(fleet);
        while (!map.snapshot() || map.snapshot()->size() != size_t(count))
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        std::printf("bench: map_index_build_%d %.1f ms\n", count, double(indexing.nsecsElapsed()) / 1e6);

        QImage image(FrameSize, QImage::Format_ARGB32_Premultiplied);
        const struct
        {
            const char *name;
            double zoom;
        } views[] = {{"world", -1.0}, {"regional", 7.5}, {"coastal", 11.0}, {"city", 12.0}, {"close", 14.0},
                     {"beach", 16.0}};
        for (const auto &view : views) {
            if (view.zoom < 0) {
                map.showWorld();
            } else {
                map.centerOn({Beaches[0].lat, Beaches[0].lon});
                map.setZoom(view.zoom);
            }
            waitForBasemap(map, image);
            for (int i = 0; i < 5; ++i) // sprites are made on first use
                map.render(&image);
            std::vector<double> times;
            times.reserve(size_t(frames));
            for (int i = 0; i < frames; ++i) {
                now += FrameMs; // planes fly on between frames, as they do on screen
                QElapsedTimer timer;
                timer.start();
                map.render(&image);
                times.push_back(double(timer.nsecsElapsed()) / 1e6);
            }
            const FleetMapWidget::FrameStats stats = map.lastFrameStats();
            std::printf("bench: map_frame_p50_%s_%d %.2f ms\n", view.name, count, percentile(times, 0.50));
            std::printf("bench: map_frame_p99_%s_%d %.2f ms\n", view.name, count, percentile(times, 0.99));
            std::printf("# %s %d: %d aggregate cells, %d planes, %d labels (%d with text, %d left out), %d trails\n",
                        view.name, count, stats.aggregateCells, stats.planes, stats.labels, stats.bannerTexts,
                        stats.labelsLeftOut, stats.trails);
            if (count == 1'000'000) { // the basemap does not depend on the fleet: measured once
                BasemapCache::Stats basemap;
                const std::vector<double> renders = basemapRenderTimes(map, 10, basemap);
                std::printf("bench: map_basemap_render_p50_%s %.1f ms\n", view.name, percentile(renders, 0.5));
                std::printf("bench: map_basemap_render_max_%s %.1f ms\n", view.name, percentile(renders, 1.0));
                std::printf("# %s basemap: %s, %d GSHHG tiles\n", view.name,
                            basemap.coastLevel ? (*basemap.coastLevel == Coastline::Level::High ? "GSHHG high" : "GSHHG intermediate")
                                               : "Natural Earth",
                            basemap.coastTiles);
            }
            std::fflush(stdout);
            if (!pngDir.isEmpty())
                image.save(QDir(pngDir).filePath(QStringLiteral("map_%1_%2.png").arg(QLatin1String(view.name)).arg(count)));
        }

        // A zoom gesture from regional to beach zoom: each frame asks the worker for a new basemap and
        // blits the previous one stretched; the GUI thread must never wait for the render.
        map.centerOn({Beaches[0].lat, Beaches[0].lon});
        std::vector<double> gesture;
        for (double zoom = 8.0; zoom <= 16.0; zoom += 0.25) {
            map.setZoom(zoom);
            now += FrameMs;
            QElapsedTimer timer;
            timer.start();
            map.render(&image);
            gesture.push_back(double(timer.nsecsElapsed()) / 1e6);
            QCoreApplication::processEvents(); // a finished render is picked up as on screen
        }
        std::printf("bench: map_frame_p50_zooming_%d %.2f ms\n", count, percentile(gesture, 0.50));
        std::printf("bench: map_frame_max_zooming_%d %.2f ms\n", count, percentile(gesture, 1.0));
        QThreadPool::globalInstance()->waitForDone();
    }
    return 0;
}
