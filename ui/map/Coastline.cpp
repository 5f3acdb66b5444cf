#include "Coastline.h"

#include "MapLogging.h"
#include "MapTheme.h"
#include "MercatorProjection.h"

#include <QCache>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QPainter>
#include <QPolygonF>

#include <array>
#include <cmath>
#include <cstring>

namespace airdisplay {

namespace {

// The levels in the order resources/coastline/CMakeLists.txt writes them.
constexpr std::array<const char *, Coastline::LevelCount> LevelNames = {"gshhg-i", "gshhg-h"};
constexpr int MaxDelta = 65535;
// Below zoom 7 Natural Earth 1:50m is as good as a pixel can show; from zoom 10 a pixel is ~150 m and
// GSHHG's intermediate shoreline (about 1 km) shows its corners.
constexpr double IntermediateWorldPx = 256.0 * 128.0;
constexpr double HighWorldPx = 256.0 * 1024.0;

struct TileEntry
{
    quint8 flags = 0;
    quint64 offset = 0;
    quint32 size = 0;
};

struct LevelIndex
{
    int columns = 0;
    int rows = 0;
    double binDegrees = 0.0;
    int tileCount = 0;
    std::vector<int> entryOfBin; // -1: no data, the open sea
    std::vector<TileEntry> entries;
};

class Reader
{
public:
    Reader(const uchar *data, qint64 size)
        : m_data(data)
        , m_size(size)
    {
    }
    template <typename T>
    T read()
    {
        T value{};
        if (m_pos + qint64(sizeof(T)) > m_size) {
            m_ok = false;
            return value;
        }
        // The file is little-endian, as is every machine we build for.
        std::memcpy(&value, m_data + m_pos, sizeof(T));
        m_pos += qint64(sizeof(T));
        return value;
    }
    QByteArray bytes(int n)
    {
        if (m_pos + n > m_size) {
            m_ok = false;
            return {};
        }
        QByteArray b(reinterpret_cast<const char *>(m_data + m_pos), n);
        m_pos += n;
        return b;
    }
    bool ok() const { return m_ok; }
    qint64 remaining() const { return m_size - m_pos; }

private:
    const uchar *m_data;
    qint64 m_size;
    qint64 m_pos = 0;
    bool m_ok = true;
};

// Position of a point on the bin's outline, counter-clockwise (in degrees) from the south-west corner:
// side 0 south, 1 east, 2 north, 3 west, each 65,536 long.
qint64 perimeterPosition(int side, int x, int y)
{
    switch (side) {
    case 0:
        return x;
    case 1:
        return 65536 + y;
    case 2:
        return 2 * 65536 + (MaxDelta - x);
    default:
        return 3 * 65536 + (MaxDelta - y);
    }
}

} // namespace

class Coastline::Private
{
public:
    QString fileName;
    QFile file;
    const uchar *data = nullptr;
    qint64 size = 0;
    bool valid = false;
    std::array<LevelIndex, LevelCount> levels;

    mutable QMutex mutex;
    mutable QCache<quint64, TilePtr> cache{CachedTiles};

    bool open();
    TilePtr decode(Level level, int bin) const;
    QRectF binBounds(const LevelIndex &index, int bin) const;
};

bool Coastline::Private::open()
{
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcMap) << "cannot open the coastline" << fileName << file.errorString();
        return false;
    }
    size = file.size();
    data = file.map(0, size);
    if (!data) {
        qCWarning(lcMap) << "cannot map the coastline" << fileName << file.errorString();
        return false;
    }
    Reader in(data, size);
    const QByteArray magic = in.bytes(4);
    const auto version = in.read<quint16>();
    const auto levelCount = in.read<quint16>();
    if (magic != "ADCT" || version != 1 || levelCount != LevelCount)
        return false;
    for (int l = 0; l < LevelCount; ++l) {
        const auto nameLength = in.read<quint8>();
        if (in.bytes(nameLength) != LevelNames[size_t(l)])
            return false;
        LevelIndex &index = levels[size_t(l)];
        index.columns = in.read<quint16>();
        index.rows = in.read<quint16>();
        index.binDegrees = in.read<quint16>() / 60.0;
        const auto tileCount = in.read<quint32>();
        if (!in.ok() || index.columns == 0 || index.rows == 0 || index.binDegrees <= 0.0
            || quint64(tileCount) * 17 > quint64(in.remaining()))
            return false;
        index.tileCount = int(tileCount);
        index.entryOfBin.assign(size_t(index.columns) * size_t(index.rows), -1);
        index.entries.resize(tileCount);
        for (quint32 t = 0; t < tileCount; ++t) {
            const auto bin = in.read<quint32>();
            TileEntry &entry = index.entries[t];
            entry.flags = in.read<quint8>();
            entry.offset = in.read<quint64>();
            entry.size = in.read<quint32>();
            if (bin >= index.entryOfBin.size() || entry.offset > quint64(size) || entry.size > quint64(size) - entry.offset)
                return false;
            index.entryOfBin[bin] = int(t);
        }
    }
    return in.ok();
}

QRectF Coastline::Private::binBounds(const LevelIndex &index, int bin) const
{
    const int row = bin / index.columns;
    const int column = bin % index.columns;
    double west = column * index.binDegrees;
    if (west >= 180.0)
        west -= 360.0;
    const double south = 90.0 - (row + 1) * index.binDegrees;
    return QRectF(MercatorProjection::project(south + index.binDegrees, west),
                  MercatorProjection::project(south, west + index.binDegrees));
}

Coastline::TilePtr Coastline::Private::decode(Level level, int bin) const
{
    const LevelIndex &index = levels[size_t(level)];
    const TileEntry &entry = index.entries[size_t(index.entryOfBin[size_t(bin)])];
    auto tile = std::make_shared<Tile>();
    tile->bin = bin;
    tile->bounds = binBounds(index, bin);
    const QRectF b = tile->bounds;
    const auto toWorld = [&b](int x, int y) {
        return QPointF(b.left() + b.width() * x / MaxDelta, b.bottom() - b.height() * y / MaxDelta);
    };
    const std::array<QPointF, 4> corners = {b.bottomLeft(), b.bottomRight(), b.topRight(), b.topLeft()};

    Reader in(data + entry.offset, entry.size);
    const auto pieceCount = in.read<quint32>();
    tile->land.setFillRule(Qt::OddEvenFill);
    for (quint32 p = 0; p < pieceCount && in.ok(); ++p) {
        const int entrySide = in.read<quint8>();
        const int exitSide = in.read<quint8>();
        (void)in.read<quint8>(); // level: every shoreline flips between wet and dry, which is all we need
        const auto n = in.read<quint32>();
        if (!in.ok() || entrySide > 4 || exitSide > 4 || n < 2 || qint64(n) * 4 > in.remaining())
            return {};
        QPolygonF ring;
        ring.reserve(qsizetype(n) + 5);
        int firstX = 0, firstY = 0, lastX = 0, lastY = 0;
        for (quint32 i = 0; i < n; ++i) {
            const int x = in.read<quint16>();
            const int y = in.read<quint16>();
            if (i == 0) {
                firstX = x;
                firstY = y;
            }
            lastX = x;
            lastY = y;
            ring.append(toWorld(x, y));
        }
        tile->pointCount += int(n);
        tile->coast.addPolygon(ring);
        if (entrySide < 4 && exitSide < 4) {
            // A piece that crosses the bin: close it along the bin's outline, counter-clockwise from
            // where it leaves to where it came in. That encloses one side of it or the other; the
            // even-odd rule and the corner test below sort out which is land.
            const qint64 from = perimeterPosition(exitSide, lastX, lastY);
            qint64 to = perimeterPosition(entrySide, firstX, firstY);
            if (to < from)
                to += 4 * 65536;
            for (qint64 corner = (from / 65536 + 1) * 65536; corner < to; corner += 65536)
                ring.append(corners[size_t((corner / 65536) % 4)]);
        }
        if (entrySide == 4 || exitSide == 4)
            tile->coast.closeSubpath(); // an island or lake wholly inside the bin
        tile->land.addPolygon(ring);
        tile->land.closeSubpath();
    }
    if (!in.ok())
        return {};
    // Every shoreline separates wet from dry, so the loops above are land everywhere or sea everywhere
    // up to one flip; the south-west corner's known level says which. A bin all land has no loops.
    const bool cornerLand = entry.flags & 1;
    const QPointF nearCorner = toWorld(1, 1);
    if (tile->land.contains(nearCorner) != cornerLand)
        tile->land.addRect(b);
    return tile;
}

Coastline::Coastline(const QString &fileName)
    : d(std::make_unique<Private>())
{
    d->fileName = fileName;
    d->file.setFileName(fileName);
    d->valid = d->open();
    if (!d->valid) {
        qCWarning(lcMap) << "the coastline" << fileName << "cannot be used; the map keeps Natural Earth";
        d->levels = {};
    }
}

Coastline::~Coastline() = default;

const Coastline &Coastline::instance()
{
    static const Coastline coastline(defaultFileName());
    return coastline;
}

QString Coastline::defaultFileName()
{
    const QString fromEnvironment = qEnvironmentVariable("AIRDISPLAY_COASTLINE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    static const QString name = QStringLiteral("coastline.adct");
    if (QCoreApplication::instance()) {
        const QString installed = QDir(QCoreApplication::applicationDirPath())
                                      .filePath(QStringLiteral("../share/airdisplay/") + name);
        if (QFileInfo::exists(installed))
            return QDir::cleanPath(installed);
    }
#ifdef AIRDISPLAY_BUILD_DATA_DIR
    return QStringLiteral(AIRDISPLAY_BUILD_DATA_DIR "/") + name;
#else
    return name;
#endif
}

bool Coastline::isValid() const
{
    return d->valid;
}

QString Coastline::fileName() const
{
    return d->fileName;
}

double Coastline::binDegrees(Level level) const
{
    return d->levels[size_t(level)].binDegrees;
}

int Coastline::tileCount(Level level) const
{
    return d->levels[size_t(level)].tileCount;
}

std::vector<int> Coastline::tilesIn(Level level, const QRectF &world) const
{
    std::vector<int> bins;
    const LevelIndex &index = d->levels[size_t(level)];
    if (!d->valid || world.isEmpty())
        return bins;
    const QRectF w = world.intersected(QRectF(0, 0, 1, 1));
    if (w.isEmpty())
        return bins;
    const GeoCoordinate northWest = MercatorProjection::unproject(w.topLeft());
    const GeoCoordinate southEast = MercatorProjection::unproject(w.bottomRight());
    const int firstRow = std::clamp(int(std::floor((90.0 - northWest.lat) / index.binDegrees)), 0, index.rows - 1);
    const int lastRow = std::clamp(int(std::floor((90.0 - southEast.lat) / index.binDegrees)), 0, index.rows - 1);
    // Columns counted from the antimeridian, as world x is; GSHHG counts from Greenwich.
    const int half = index.columns / 2;
    const int firstColumn = std::clamp(int(std::floor((northWest.lon + 180.0) / index.binDegrees)), 0, index.columns - 1);
    const int lastColumn = std::clamp(int(std::floor((southEast.lon + 180.0) / index.binDegrees)), 0, index.columns - 1);
    for (int row = firstRow; row <= lastRow; ++row) {
        for (int c = firstColumn; c <= lastColumn; ++c) {
            const int bin = row * index.columns + (c + half) % index.columns;
            if (index.entryOfBin[size_t(bin)] >= 0 && d->binBounds(index, bin).intersects(w))
                bins.push_back(bin);
        }
    }
    return bins;
}

Coastline::TilePtr Coastline::tile(Level level, int bin) const
{
    const LevelIndex &index = d->levels[size_t(level)];
    if (!d->valid || bin < 0 || size_t(bin) >= index.entryOfBin.size() || index.entryOfBin[size_t(bin)] < 0)
        return {};
    const quint64 key = (quint64(level) << 32) | quint32(bin);
    {
        QMutexLocker lock(&d->mutex);
        if (const TilePtr *cached = d->cache.object(key))
            return *cached;
    }
    // Decoded outside the lock, so threads asking for different tiles do not wait for each other; two
    // asking for the same one at once both decode it and the first copy stays.
    TilePtr decoded = d->decode(level, bin);
    if (!decoded) {
        qCWarning(lcMap) << "coastline tile" << bin << "of" << d->fileName << "is damaged";
        return {};
    }
    QMutexLocker lock(&d->mutex);
    if (const TilePtr *cached = d->cache.object(key))
        return *cached;
    d->cache.insert(key, new TilePtr(decoded));
    return decoded;
}

int Coastline::cachedTileCount() const
{
    QMutexLocker lock(&d->mutex);
    return int(d->cache.size());
}

std::optional<bool> Coastline::isLand(const GeoCoordinate &coordinate, Level level) const
{
    if (!d->valid)
        return std::nullopt;
    const LevelIndex &index = d->levels[size_t(level)];
    const double lon = coordinate.lon < 0.0 ? coordinate.lon + 360.0 : coordinate.lon;
    const int column = std::clamp(int(std::floor(lon / index.binDegrees)), 0, index.columns - 1);
    const int row = std::clamp(int(std::floor((90.0 - coordinate.lat) / index.binDegrees)), 0, index.rows - 1);
    const TilePtr t = tile(level, row * index.columns + column);
    return t && t->land.contains(MercatorProjection::project(coordinate));
}

std::optional<Coastline::Level> Coastline::levelFor(double worldPx)
{
    if (worldPx < IntermediateWorldPx)
        return std::nullopt;
    return worldPx < HighWorldPx ? Level::Intermediate : Level::High;
}

int Coastline::paint(QPainter &painter, const QRectF &visibleWorld, Level level, const MapTheme &theme) const
{
    std::vector<TilePtr> tiles;
    for (const int bin : tilesIn(level, visibleWorld)) {
        if (TilePtr t = tile(level, bin))
            tiles.push_back(std::move(t));
    }
    // Land without antialiasing: two antialiased fills that meet along a tile edge each cover half the
    // edge's pixels and let the sea show through as a hairline. Aliased fills share the edge exactly,
    // and the antialiased shoreline drawn over them smooths the one edge that is real.
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    painter.setBrush(theme.land);
    for (const TilePtr &t : tiles)
        painter.drawPath(t->land);
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPen coast(theme.coast, 1.0);
    coast.setCosmetic(true);
    painter.setPen(coast);
    painter.setBrush(Qt::NoBrush);
    for (const TilePtr &t : tiles)
        painter.drawPath(t->coast);
    painter.restore();
    return int(tiles.size());
}

} // namespace airdisplay
