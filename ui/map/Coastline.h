#pragma once

#include "GeoCoordinate.h"

#include <QPainterPath>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QPainter;

namespace airdisplay {

struct MapTheme;

// GSHHG's shorelines at intermediate and high resolution, tiled by GSHHG's own bins (5° and 2°) and
// converted at build time (resources/coastline) into share/airdisplay/coastline.adct. Only the index is
// read when the file is opened; a tile is decoded into painter paths the first time someone asks for it
// and kept in a bounded cache. Every method is safe to call from any thread.
class Coastline
{
public:
    enum class Level { Intermediate, High };
    static constexpr int LevelCount = 2;

    // One bin: land as a fill path (even-odd, so lakes and islands in lakes come out right) that runs
    // along the bin's edge where land is cut, and the real shoreline as lines, which never do: stroking
    // only those leaves no seam between tiles.
    struct Tile
    {
        int bin = 0;
        QRectF bounds; // world units
        QPainterPath land;
        QPainterPath coast;
        int pointCount = 0;
    };
    using TilePtr = std::shared_ptr<const Tile>;

    // Decoded tiles kept for reuse; a beach view needs one to four.
    static constexpr int CachedTiles = 256;

    explicit Coastline(const QString &fileName);
    ~Coastline();
    Coastline(const Coastline &) = delete;
    Coastline &operator=(const Coastline &) = delete;

    // The installed or built data file, opened on first use; safe to call from any thread.
    static const Coastline &instance();
    // $AIRDISPLAY_COASTLINE, else share/airdisplay/coastline.adct beside the program's bin/ (installed),
    // else the build tree's.
    static QString defaultFileName();

    bool isValid() const;
    QString fileName() const;
    double binDegrees(Level level) const;
    int tileCount(Level level) const;

    // The bins with data (shoreline, or all land) that intersect `world`, west to east, north to south.
    std::vector<int> tilesIn(Level level, const QRectF &world) const;
    // Decodes on first use; null for a bin without data (open sea) or a damaged one.
    TilePtr tile(Level level, int bin) const;
    int cachedTileCount() const;

    // Whether GSHHG has land here (lakes are not land); empty when the file could not be read.
    std::optional<bool> isLand(const GeoCoordinate &coordinate, Level level) const;

    // Level of detail: none (Natural Earth is enough) below about zoom 7, intermediate up to zoom 10,
    // high from there to the beach.
    static std::optional<Level> levelFor(double worldPx);

    // Fills land and strokes the shoreline in `visibleWorld`; the painter maps world units to pixels.
    // Returns the number of tiles drawn.
    int paint(QPainter &painter, const QRectF &visibleWorld, Level level, const MapTheme &theme) const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace airdisplay
