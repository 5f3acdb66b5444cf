#include "PlaneSprites.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace airdisplay {

namespace {

// A plane pointing north in a unit box centred on the origin: swept wings and a tailplane, so the
// heading reads even at 11 px.
QPainterPath planeShape()
{
    QPainterPath path;
    path.setFillRule(Qt::WindingFill);
    path.addRoundedRect(QRectF(-0.13, -1.0, 0.26, 1.9), 0.13, 0.13);
    path.addPolygon(QPolygonF({QPointF(0.0, -0.38), QPointF(1.0, 0.12), QPointF(1.0, 0.3), QPointF(0.0, 0.1),
                               QPointF(-1.0, 0.3), QPointF(-1.0, 0.12), QPointF(0.0, -0.38)}));
    path.addPolygon(QPolygonF({QPointF(0.0, 0.62), QPointF(0.45, 0.88), QPointF(0.45, 1.0), QPointF(0.0, 0.9),
                               QPointF(-0.45, 1.0), QPointF(-0.45, 0.88), QPointF(0.0, 0.62)}));
    return path.simplified();
}

} // namespace

void PlaneSprites::setTheme(const MapTheme &theme)
{
    m_theme = theme;
    m_sprites.clear();
}

const QImage &PlaneSprites::sprite(MapBannerStatus status, float headingDeg, Size size, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        m_sprites.clear();
    }
    if (m_sprites.empty())
        m_sprites.resize(SizeCount * MapBannerStatusCount * HeadingSteps);
    double steps = std::fmod(double(headingDeg) / 360.0 * HeadingSteps, double(HeadingSteps));
    if (!(steps >= 0.0)) // negative headings, and NaN from a broken device
        steps = steps < 0.0 ? steps + HeadingSteps : 0.0;
    // A dot has no heading: one image serves them all.
    const int step = size == Size::Dot ? 0 : int(std::lround(steps)) % HeadingSteps;
    const int statusIndex = std::min(int(status), MapBannerStatusCount - 1);
    QImage &image = m_sprites[size_t((int(size) * MapBannerStatusCount + statusIndex) * HeadingSteps + step)];
    if (image.isNull())
        image = render(MapBannerStatus(statusIndex), step, size, dpr);
    return image;
}

QImage PlaneSprites::render(MapBannerStatus status, int headingStep, Size size, qreal dpr) const
{
    static const QPainterPath shape = planeShape();
    const int px = pixelSize(size) + 2; // room for the outline
    QImage image(QSize(int(std::ceil(px * dpr)), int(std::ceil(px * dpr))), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(px / 2.0, px / 2.0);
    painter.rotate(headingStep * 360.0 / HeadingSteps);
    const double scale = pixelSize(size) / 2.0;
    painter.scale(scale, scale);
    QColor fill = m_theme.statusColour(status);
    QColor outline = m_theme.planeOutline;
    if (status == MapBannerStatus::Stale)
        outline.setAlphaF(outline.alphaF() * fill.alphaF());
    QPen pen(outline, 1.2);
    pen.setCosmetic(true);
    painter.setPen(pen);
    painter.setBrush(fill);
    if (size == Size::Dot)
        painter.drawEllipse(QPointF(0, 0), 1.0, 1.0);
    else
        painter.drawPath(shape);
    return image;
}

} // namespace airdisplay
