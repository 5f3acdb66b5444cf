#pragma once

#include "MapBanner.h"
#include "MapTheme.h"

#include <QHash>
#include <QImage>

#include <array>
#include <vector>

namespace airdisplay {

// Plane glyphs pre-rendered per status, size and 5° of heading. Blitting a small image costs a fraction
// of filling a rotated antialiased path, and a close view can show thousands of planes.
class PlaneSprites
{
public:
    // A dot where a plane would be smaller than the detail a world view can carry.
    enum class Size { Dot, Small, Large };
    static constexpr int SizeCount = 3;
    static constexpr int HeadingSteps = 72;

    void setTheme(const MapTheme &theme);
    const QImage &sprite(MapBannerStatus status, float headingDeg, Size size, qreal dpr);
    static int pixelSize(Size size) { return size == Size::Dot ? 5 : size == Size::Small ? 11 : 19; }

    // Marks drawn beside a plane for what its status colour cannot also say.
    enum class Badge { Paused, LowBattery };
    static constexpr int BadgePx = 9;
    const QImage &badge(Badge badge, qreal dpr);

    // A far cluster's dot: filled with one status, optionally ringed by another (`ring` < 0: none),
    // its radius in half pixels. Thousands are drawn per frame far out: antialiased ellipses cost
    // tens of microseconds each, a blit a few.
    const QImage &clusterDot(MapBannerStatus fill, int ring, int radiusHalfPx, qreal dpr);
    static constexpr int MaxDotRadiusHalfPx = 24;

private:
    QImage render(MapBannerStatus status, int headingStep, Size size, qreal dpr) const;

    MapTheme m_theme = MapTheme::dark();
    qreal m_dpr = 1.0;
    std::vector<QImage> m_sprites;
    std::array<QImage, 2> m_badges;
    QHash<int, QImage> m_dots;
};

} // namespace airdisplay
