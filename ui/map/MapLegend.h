#pragma once

#include "MapBannerFilter.h"
#include "MapTheme.h"

#include <QFrame>

#include <array>

class QToolButton;

namespace airdisplay {

// The map's key, laid over its top-left corner as tar1090 and Flightradar24 do: each status and mark
// with its colour and how many banners have it, and each row a switch that shows or hides them.
// Collapses to its title so a small window keeps its map.
class MapLegend : public QFrame
{
    Q_OBJECT

public:
    explicit MapLegend(QWidget *parent = nullptr);

    void setTheme(const MapTheme &theme);
    void setCounts(const MapCategoryCounts &counts);
    MapCategoryCounts counts() const { return m_counts; }

    MapBannerFilter filter() const { return m_filter; }
    void setFilter(const MapBannerFilter &filter);

    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool collapsed);

    // The row of one category: checked while its banners are shown.
    QToolButton *button(MapCategory category) const { return m_buttons[size_t(category)]; }

signals:
    void filterChanged(const airdisplay::MapBannerFilter &filter);

private:
    void updateRow(MapCategory category);
    void updateIcons();

    MapTheme m_theme = MapTheme::dark();
    MapCategoryCounts m_counts{};
    MapBannerFilter m_filter;
    bool m_collapsed = false;
    QToolButton *m_title = nullptr;
    std::array<QToolButton *, MapCategoryCount> m_buttons{};
};

} // namespace airdisplay
