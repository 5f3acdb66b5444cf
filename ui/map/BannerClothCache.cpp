#include "BannerClothCache.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

#include <cmath>

namespace airdisplay {

namespace {

// Texts change every minute per banner; past this many the cache starts over rather than grow for ever.
constexpr qsizetype MaxImages = 2048;

QFont clothFont()
{
    QFont font = QGuiApplication::font();
    font.setPixelSize(11);
    font.setBold(true);
    return font;
}

} // namespace

void BannerClothCache::setTheme(const MapTheme &theme)
{
    m_theme = theme;
    for (QHash<QString, QImage> &images : m_images)
        images.clear();
}

const QImage &BannerClothCache::cloth(const QString &text, MapBannerStatus status, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        for (QHash<QString, QImage> &images : m_images)
            images.clear();
    }
    QHash<QString, QImage> &images = m_images[std::min(int(status), MapBannerStatusCount - 1)];
    auto it = images.find(text);
    if (it == images.end()) {
        if (images.size() >= MaxImages)
            images.clear();
        it = images.insert(text, render(text, status, dpr));
    }
    return *it;
}

QImage BannerClothCache::render(const QString &text, MapBannerStatus status, qreal dpr) const
{
    const QFont font = clothFont();
    const QFontMetricsF metrics(font);
    const double width = std::min(metrics.horizontalAdvance(text), MaxTextWidth) + 10.0;
    // At device resolution: bilinear sampling of a rotated 1:1 image reads well, and an oversampled one
    // costs twice as much to draw.
    QImage image(QSize(int(std::ceil(width * dpr)), int(std::ceil(Height * dpr))), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor cloth = m_theme.bannerCloth;
    if (status == MapBannerStatus::Stale)
        cloth.setAlphaF(cloth.alphaF() * 0.45f);
    painter.setPen(QPen(m_theme.statusColour(status), 1.5));
    painter.setBrush(cloth);
    painter.drawRect(QRectF(0.75, 0.75, width - 1.5, Height - 1.5));
    painter.setFont(font);
    painter.setPen(m_theme.bannerText);
    painter.drawText(QRectF(5.0, 0.0, width - 10.0, Height), Qt::AlignCenter,
                     metrics.elidedText(text, Qt::ElideRight, width - 10.0));
    return image;
}

} // namespace airdisplay
