#pragma once

#include "GeoCoordinate.h"

#include <QPainterPath>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <array>
#include <vector>

class QPainter;

namespace airdisplay {

struct MapTheme;

// Natural Earth land and borders (world-atlas 2.0.2), converted once by scripts/convert-basemap.py into
// :/basemap/basemap.bin, held projected into Mercator world units.
class Basemap
{
public:
    enum class Layer { Land110m, Land50m, Borders50m, BordersCoarse };
    static constexpr int LayerCount = 4;

    // One polygon with its holes (or one border line), with its bounds for culling.
    struct Shape
    {
        QRectF bounds;
        QPainterPath path;
    };

    // The embedded basemap, loaded on first use; safe to call from any thread.
    static const Basemap &instance();
    static Basemap load(const QString &fileName);

    bool isValid() const { return m_valid; }
    int polygonCount(Layer layer) const { return m_layers[index(layer)].polygonCount; }
    int ringCount(Layer layer) const { return int(m_layers[index(layer)].rings.size()); }
    int pointCount(Layer layer) const { return m_layers[index(layer)].pointCount; }
    // Rings in world units; for land layers each polygon's exterior comes first, then its holes.
    const std::vector<QPolygonF> &rings(Layer layer) const { return m_layers[index(layer)].rings; }
    const std::vector<Shape> &shapes(Layer layer) const { return m_layers[index(layer)].shapes; }

    bool isLand(const GeoCoordinate &coordinate, Layer layer) const;

    // Level of detail: 1:110m while a pixel covers more than 1:50m's vertex spacing would resolve.
    static Layer landFor(double worldPx);
    static Layer bordersFor(double worldPx);

    // Draws land and borders in `visibleWorld`; the painter's transform maps world units to pixels.
    void paint(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const;
    // The two halves of paint(), for a caller that draws a more detailed land between them (GSHHG's
    // Coastline at regional and beach zoom: Natural Earth keeps the borders).
    void paintLand(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const;
    void paintBorders(QPainter &painter, const QRectF &visibleWorld, double worldPx, const MapTheme &theme) const;

private:
    struct LayerData
    {
        bool lines = false;
        int polygonCount = 0;
        int pointCount = 0;
        std::vector<QPolygonF> rings;
        std::vector<int> ringsPerPolygon;
        std::vector<Shape> shapes;
    };
    static int index(Layer layer) { return static_cast<int>(layer); }
    bool parse(const QByteArray &data);

    bool m_valid = false;
    std::array<LayerData, LayerCount> m_layers;
};

} // namespace airdisplay
