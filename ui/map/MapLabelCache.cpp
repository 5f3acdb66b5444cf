#include "MapLabelCache.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

#include <cmath>

namespace airdisplay {

namespace {

// Enough for every plane of a busy beach at several zooms; beyond it the cache starts again rather
// than grow with every text the fleet ever showed.
constexpr int MaxImages = 4'000;

QString marks(const MapBanner &banner)
{
    QString text;
    if (banner.paused)
        text += QStringLiteral("  ⏸");
    if (isLowBattery(banner))
        text += QStringLiteral("  %1%").arg(int(std::floor(banner.batteryPercent)));
    return text;
}

} // namespace

void MapLabelCache::setTheme(const MapTheme &theme)
{
    m_theme = theme;
    m_images.clear();
}

const QImage &MapLabelCache::label(const MapBanner &banner, Content content, qreal dpr)
{
    if (dpr != m_dpr) {
        m_dpr = dpr;
        m_images.clear();
    }
    QString key = banner.callsign;
    key += QChar(0x1f);
    key += QString::number(int(banner.status) * 4 + (banner.paused ? 1 : 0) + (isLowBattery(banner) ? 2 : 0));
    if (isLowBattery(banner))
        key += QString::number(int(banner.batteryPercent));
    if (content == Content::CallsignAndText) {
        key += QChar(0x1f);
        key += banner.text;
    }
    auto it = m_images.find(key);
    if (it == m_images.end()) {
        if (m_images.size() >= MaxImages)
            m_images.clear();
        it = m_images.insert(key, render(banner, content, dpr));
    }
    return *it;
}

QImage MapLabelCache::render(const MapBanner &banner, Content content, qreal dpr) const
{
    QFont font = QGuiApplication::font();
    font.setPixelSize(11);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF metrics(font);
    const QFontMetricsF boldMetrics(bold);

    const QString title = banner.callsign + marks(banner);
    const bool withText = content == Content::CallsignAndText && !banner.text.isEmpty();
    const QString text = withText ? metrics.elidedText(banner.text, Qt::ElideRight, MaxTextWidth) : QString();
    const double bar = 3.0;
    const double pad = 4.0;
    const double width = std::ceil(bar + 2 * pad + std::max(boldMetrics.horizontalAdvance(title),
                                                             withText ? metrics.horizontalAdvance(text) : 0.0));
    const double lineHeight = std::ceil(std::max(metrics.height(), boldMetrics.height()));
    const double height = lineHeight * (withText ? 2 : 1) + 2.0;

    QImage image(QSize(int(std::ceil(width * dpr)), int(std::ceil(height * dpr))), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_theme.overlayBackground);
    painter.drawRoundedRect(QRectF(0, 0, width, height), 3.0, 3.0);
    // The status colour as a bar down the left edge ties the label to its plane's colour.
    QColor status = m_theme.statusColour(banner.status);
    status.setAlpha(255);
    painter.setBrush(status);
    painter.drawRect(QRectF(0, 0, bar, height));
    painter.setPen(m_theme.overlayText);
    painter.setFont(bold);
    painter.drawText(QRectF(bar + pad, 1.0, width, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, title);
    if (withText) {
        painter.setFont(font);
        painter.drawText(QRectF(bar + pad, 1.0 + lineHeight, width, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    return image;
}

} // namespace airdisplay
