#pragma once

#include "MapBanner.h"
#include "MapTheme.h"

#include <QHash>
#include <QImage>
#include <QString>

namespace airdisplay {

// The towed banners' cloth with its text, rendered upright once per text and status. Text drawn at an
// arbitrary angle goes through glyph outlines and costs a third of a millisecond a banner; a rotated
// image costs a few tens of microseconds, and many banners show the same few texts.
class BannerClothCache
{
public:
    static constexpr double Height = 16.0;
    static constexpr double MaxTextWidth = 260.0;

    void setTheme(const MapTheme &theme);
    const QImage &cloth(const QString &text, MapBannerStatus status, qreal dpr);

private:
    QImage render(const QString &text, MapBannerStatus status, qreal dpr) const;

    MapTheme m_theme = MapTheme::dark();
    qreal m_dpr = 1.0;
    QHash<QString, QImage> m_images[MapBannerStatusCount];
};

} // namespace airdisplay
