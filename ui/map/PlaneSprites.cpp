#include "PlaneSprites.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
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
    m_badges = {};
    m_dots.clear();
}

const QImage &PlaneSprites::clusterDot(MapBannerStatus fill, int ring, int radiusHalfPx, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        m_sprites.clear();
        m_badges = {};
        m_dots.clear();
    }
    radiusHalfPx = std::clamp(radiusHalfPx, 2, MaxDotRadiusHalfPx);
    const int key = (int(fill) * 8 + (ring + 1)) * 64 + radiusHalfPx;
    auto it = m_dots.find(key);
    if (it != m_dots.end())
        return *it;
    const double radius = radiusHalfPx / 2.0;
    const double outer = radius + (ring >= 0 ? 2.2 : 1.0);
    const int px = int(std::ceil(2 * outer)) + 2;
    QImage image(QSize(int(std::ceil(px * dpr)), int(std::ceil(px * dpr))), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPointF centre(px / 2.0, px / 2.0);
    QColor colour = m_theme.statusColour(fill);
    colour.setAlpha(255);
    painter.setPen(QPen(m_theme.planeOutline, 1.0));
    painter.setBrush(colour);
    painter.drawEllipse(centre, radius, radius);
    if (ring >= 0) {
        QColor ringColour = m_theme.statusColour(MapBannerStatus(ring));
        ringColour.setAlpha(255);
        painter.setPen(QPen(ringColour, 1.6));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(centre, radius + 1.3, radius + 1.3);
    }
    return *m_dots.insert(key, image);
}

const QImage &PlaneSprites::badge(Badge badge, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        m_sprites.clear();
        m_badges = {};
        m_dots.clear();
    }
    QImage &image = m_badges[size_t(badge)];
    if (!image.isNull())
        return image;
    const int px = BadgePx;
    image = QImage(QSize(int(std::ceil(px * dpr)), int(std::ceil(px * dpr))), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    // A dark disc under either mark keeps it legible over land, sea and the plane's own colour.
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0x05, 0x0b, 0x14, 220));
    painter.drawEllipse(QRectF(0, 0, px, px));
    if (badge == Badge::Paused) {
        painter.setBrush(QColor(0xf2, 0xf5, 0xf8));
        painter.drawRect(QRectF(px * 0.28, px * 0.25, px * 0.15, px * 0.5));
        painter.drawRect(QRectF(px * 0.57, px * 0.25, px * 0.15, px * 0.5));
    } else {
        // A battery, nearly empty, in the offline colour.
        const QColor low = m_theme.statusColour(MapBannerStatus::Offline);
        QPen pen(QColor(0xf2, 0xf5, 0xf8), 0.9);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(px * 0.2, px * 0.32, px * 0.52, px * 0.36));
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xf2, 0xf5, 0xf8));
        painter.drawRect(QRectF(px * 0.72, px * 0.42, px * 0.1, px * 0.16));
        painter.setBrush(low);
        painter.drawRect(QRectF(px * 0.26, px * 0.38, px * 0.14, px * 0.24));
    }
    return image;
}

const QImage &PlaneSprites::sprite(MapBannerStatus status, float headingDeg, Size size, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        m_sprites.clear();
        m_badges = {};
        m_dots.clear();
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
    if (status == MapBannerStatus::Offline && size != Size::Dot) {
        // Offline is hollow: a banner nobody can reach is drawn as its outline only, which reads even
        // for a dispatcher who cannot tell its red from the amber of review.
        pen = QPen(fill, 1.6);
        pen.setCosmetic(true);
        fill = m_theme.overlayBackground;
    } else if (status == MapBannerStatus::Stale && size != Size::Dot) {
        // Stale is a dashed outline: where the plane was, not where it is known to be.
        pen = QPen(m_theme.overlayText, 1.0, Qt::DashLine);
        pen.setCosmetic(true);
    }
    painter.setPen(pen);
    painter.setBrush(fill);
    if (size == Size::Dot)
        painter.drawEllipse(QPointF(0, 0), 1.0, 1.0);
    else
        painter.drawPath(shape);
    return image;
}

} // namespace airdisplay
