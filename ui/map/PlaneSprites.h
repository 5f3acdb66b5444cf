#pragma once

#include "MapBanner.h"
#include "MapTheme.h"

#include <QImage>

#include <vector>

namespace airdisplay {

// Plane glyphs pre-rendered per status, size and 5° of heading. Blitting a small image costs a fraction
// of filling a rotated antialiased path, and a close view can show thousands of planes.
class PlaneSprites
{
public:
    enum class Size { Small, Large };
    static constexpr int HeadingSteps = 72;

    void setTheme(const MapTheme &theme);
    const QImage &sprite(MapBannerStatus status, float headingDeg, Size size, qreal dpr);
    static int pixelSize(Size size) { return size == Size::Small ? 11 : 19; }

private:
    QImage render(MapBannerStatus status, int headingStep, Size size, qreal dpr) const;

    MapTheme m_theme = MapTheme::dark();
    qreal m_dpr = 1.0;
    std::vector<QImage> m_sprites;
};

} // namespace airdisplay
