#pragma once

#include "MapBanner.h"

#include <QColor>

#include <array>

namespace airdisplay {

// The map's colours. Dark is the console's default: a dispatcher looks at it for hours, often at night.
struct MapTheme
{
    QColor outside;    // beyond the Mercator world, when zoomed fully out
    QColor sea;
    QColor land;
    QColor coast;
    QColor border;
    QColor graticule;
    QColor overlayText;
    QColor overlayBackground;
    QColor selection;
    QColor bannerCloth;
    QColor bannerText;
    QColor planeOutline;
    std::array<QColor, MapBannerStatusCount> status;

    QColor statusColour(MapBannerStatus s) const { return status[static_cast<int>(s)]; }

    static MapTheme dark();
    static MapTheme light();
};

} // namespace airdisplay
