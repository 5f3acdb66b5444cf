#pragma once

#include "MapBanner.h"
#include "MapTheme.h"

#include <QHash>
#include <QImage>
#include <QString>

namespace airdisplay {

// A plane's label, upright and rendered once per content: its callsign, its marks, and close in the
// text it shows, in a box the label placer can keep clear of others. Text laid out per frame would cost
// a third of a millisecond a label; a blit costs a few microseconds.
class MapLabelCache
{
public:
    static constexpr double MaxTextWidth = 220.0;
    enum class Content { Callsign, CallsignAndText };

    void setTheme(const MapTheme &theme);
    const QImage &label(const MapBanner &banner, Content content, qreal dpr);
    int size() const { return int(m_images.size()); }

private:
    QImage render(const MapBanner &banner, Content content, qreal dpr) const;

    MapTheme m_theme = MapTheme::dark();
    qreal m_dpr = 1.0;
    QHash<QString, QImage> m_images;
};

} // namespace airdisplay
