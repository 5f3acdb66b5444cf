#include "Basemap.h"

#include "MapLogging.h"
#include "MapTheme.h"
#include "MercatorProjection.h"

#include <QDataStream>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>

namespace airdisplay {

namespace {

// The layers in the order scripts/convert-basemap.py writes them.
constexpr std::array<const char *, Basemap::LayerCount> LayerNames = {"land-110m", "land-50m", "borders-50m",
                                                                      "borders-coarse"};
// Below this world width the 1:50m vertices are closer than a pixel and only cost time.
constexpr double DetailedWorldPx = 4096.0;

} // namespace

const Basemap &Basemap::instance()
{
    static const Basemap basemap = load(QStringLiteral(":/basemap/basemap.bin"));
    return basemap;
}

Basemap Basemap::load(const QString &fileName)
{
    QElapsedTimer timer;
    timer.start();
    Basemap basemap;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcMap) << "cannot open the basemap" << fileName << file.errorString();
        return basemap;
    }
    if (!basemap.parse(file.readAll())) {
        qCWarning(lcMap) << "the basemap" << fileName << "is damaged";
        return {};
    }
    qCDebug(lcMap) << "basemap loaded in" << timer.elapsed() << "ms";
    return basemap;
}

bool Basemap::parse(const QByteArray &data)
{
    QDataStream in(data);
    in.setByteOrder(QDataStream::LittleEndian);
    char magic[4];
    quint16 version = 0;
    quint16 layerCount = 0;
    if (in.readRawData(magic, 4) != 4 || QByteArrayView(magic, 4) != "ADBM")
        return false;
    in >> version >> layerCount;
    if (version != 1 || layerCount != LayerCount)
        return false;

    for (int l = 0; l < LayerCount; ++l) {
        quint8 kind = 0;
        quint8 nameLength = 0;
        in >> kind >> nameLength;
        QByteArray name(nameLength, Qt::Uninitialized);
        in.readRawData(name.data(), nameLength);
        if (name != LayerNames[l])
            return false;
        quint32 polygonCount = 0;
        quint32 ringCount = 0;
        quint32 pointCount = 0;
        in >> polygonCount >> ringCount >> pointCount;
        // Bounds from the file's own size, so a damaged count cannot make us allocate gigabytes.
        if (quint64(pointCount) * 8 > quint64(data.size()) || ringCount > pointCount || polygonCount > ringCount)
            return false;

        LayerData &layer = m_layers[l];
        layer.lines = kind == 1;
        layer.polygonCount = int(polygonCount);
        layer.pointCount = int(pointCount);
        layer.ringsPerPolygon.resize(polygonCount);
        for (int &n : layer.ringsPerPolygon) {
            quint32 v = 0;
            in >> v;
            n = int(v);
        }
        std::vector<quint32> pointsPerRing(ringCount);
        for (quint32 &n : pointsPerRing)
            in >> n;

        layer.rings.reserve(ringCount);
        for (const quint32 n : pointsPerRing) {
            QPolygonF ring;
            ring.reserve(n);
            qint32 lon = 0;
            qint32 lat = 0;
            for (quint32 i = 0; i < n; ++i) {
                qint32 dLon = 0;
                qint32 dLat = 0;
                in >> dLon >> dLat;
                lon += dLon;
                lat += dLat;
                ring.append(MercatorProjection::project(lat * 1e-6, lon * 1e-6));
            }
            layer.rings.push_back(std::move(ring));
        }
        if (in.status() != QDataStream::Ok)
            return false;

        if (layer.lines) {
            for (const QPolygonF &ring : layer.rings) {
                Shape shape;
                shape.path.addPolygon(ring);
                shape.bounds = ring.boundingRect();
                layer.shapes.push_back(std::move(shape));
            }
        } else {
            size_t next = 0;
            for (const int n : layer.ringsPerPolygon) {
                if (next + size_t(n) > layer.rings.size())
                    return false;
                Shape shape;
                shape.path.setFillRule(Qt::OddEvenFill); // holes (lakes) are rings of their own
                for (int r = 0; r < n; ++r)
                    shape.path.addPolygon(layer.rings[next + size_t(r)]);
                shape.bounds = layer.rings[next].boundingRect();
                next += size_t(n);
                layer.shapes.push_back(std::move(shape));
            }
        }
    }
    m_valid = true;
    return true;
}

bool Basemap::isLand(const GeoCoordinate &coordinate, Layer layer) const
{
    const LayerData &data = m_layers[index(layer)];
    if (data.lines)
        return false;
    const QPointF p = MercatorProjection::project(coordinate);
    size_t next = 0;
    for (const int n : data.ringsPerPolygon) {
        const size_t first = next;
        next += size_t(n);
        if (!data.rings[first].boundingRect().contains(p) || !data.rings[first].containsPoint(p, Qt::OddEvenFill))
            continue;
        bool inHole = false;
        for (size_t r = first + 1; r < next && !inHole; ++r)
            inHole = data.rings[r].containsPoint(p, Qt::OddEvenFill);
        if (!inHole)
            return true;
    }
    return false;
}

Basemap::Layer Basemap::landFor(double worldPx)
{
    return worldPx < DetailedWorldPx ? Layer::Land110m : Layer::Land50m;
}

Basemap::Layer Basemap::bordersFor(double worldPx)
{
    return worldPx < DetailedWorldPx ? Layer::BordersCoarse : Layer::Borders50m;
}

void Basemap::paint(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const
{
    paintLand(painter, visibleWorld, worldPx, theme);
    paintBorders(painter, visibleWorld, worldPx, theme);
}

void Basemap::paintLand(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const
{
    QPen coast(theme.coast, 1.0);
    coast.setCosmetic(true);
    painter.setPen(coast);
    painter.setBrush(theme.land);
    for (const Shape &shape : shapes(landFor(worldPx))) {
        if (shape.bounds.intersects(visibleWorld))
            painter.drawPath(shape.path);
    }
}

void Basemap::paintBorders(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const
{
    QPen border(theme.border, 1.0);
    border.setCosmetic(true);
    painter.setPen(border);
    painter.setBrush(Qt::NoBrush);
    for (const Shape &shape : shapes(bordersFor(worldPx))) {
        // A border is a line: its bounds can be zero-thick, so test by overlap rather than intersects().
        const QRectF &b = shape.bounds;
        if (b.right() >= visibleWorld.left() && b.left() <= visibleWorld.right() && b.bottom() >= visibleWorld.top()
            && b.top() <= visibleWorld.bottom())
            painter.drawPath(shape.path);
    }
}

} // namespace airdisplay
