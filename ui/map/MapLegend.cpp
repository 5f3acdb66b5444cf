#include "MapLegend.h"

#include "PlaneSprites.h"

#include <QLocale>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace airdisplay {

namespace {

// The order a dispatcher scans: what needs them first.
constexpr std::array<MapCategory, MapCategoryCount> RowOrder = {
    MapCategory::PendingReview, MapCategory::Offline,    MapCategory::Stale, MapCategory::LowBattery,
    MapCategory::Paused,        MapCategory::Displaying, MapCategory::Queued, MapCategory::Idle,
};

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace

MapLegend::MapLegend(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("mapLegend"));
    setAttribute(Qt::WA_StyledBackground);
    setAutoFillBackground(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(0);

    m_title = new QToolButton(this);
    m_title->setObjectName(QStringLiteral("mapLegendTitle"));
    m_title->setAutoRaise(true);
    m_title->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_title->setToolTip(tr("Show or hide the legend"));
    connect(m_title, &QToolButton::clicked, this, [this] { setCollapsed(!m_collapsed); });
    layout->addWidget(m_title);

    for (const MapCategory category : RowOrder) {
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("mapLegend_%1").arg(int(category)));
        button->setCheckable(true);
        button->setChecked(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setToolTip(tr("Show or hide %1 banners on the map").arg(mapCategoryName(category)));
        button->setAccessibleName(capitalised(mapCategoryName(category)));
        connect(button, &QToolButton::toggled, this, [this, category](bool shown) {
            if (m_filter.isHidden(category) == !shown)
                return;
            m_filter.setHidden(category, !shown);
            updateRow(category);
            emit filterChanged(m_filter);
        });
        m_buttons[size_t(category)] = button;
        layout->addWidget(button);
    }
    setTheme(m_theme);
    setCollapsed(false);
}

void MapLegend::setTheme(const MapTheme &theme)
{
    m_theme = theme;
    const QColor bg = theme.overlayBackground;
    setStyleSheet(QStringLiteral("#mapLegend { background: rgba(%1,%2,%3,%4); border-radius: 6px; }"
                                 "#mapLegend QToolButton { color: %5; border: none; padding: 1px 4px;"
                                 " text-align: left; }"
                                 "#mapLegend QToolButton:!checked { color: %6; }"
                                 "#mapLegend #mapLegendTitle { color: %5; font-weight: bold; }")
                      .arg(bg.red())
                      .arg(bg.green())
                      .arg(bg.blue())
                      .arg(bg.alpha())
                      .arg(theme.overlayText.name())
                      .arg(QColor::fromRgbF(theme.overlayText.redF(), theme.overlayText.greenF(),
                                            theme.overlayText.blueF(), 0.45f)
                               .name(QColor::HexArgb)));
    updateIcons();
}

void MapLegend::updateIcons()
{
    PlaneSprites sprites;
    sprites.setTheme(m_theme);
    const qreal dpr = devicePixelRatioF();
    for (int c = 0; c < MapCategoryCount; ++c) {
        const auto category = MapCategory(c);
        QImage image;
        if (category == MapCategory::Paused)
            image = sprites.badge(PlaneSprites::Badge::Paused, dpr);
        else if (category == MapCategory::LowBattery)
            image = sprites.badge(PlaneSprites::Badge::LowBattery, dpr);
        else
            image = sprites.sprite(MapBannerStatus(c), 45.0f, PlaneSprites::Size::Large, dpr);
        QPixmap pixmap = QPixmap::fromImage(image);
        m_buttons[size_t(c)]->setIcon(QIcon(pixmap));
        m_buttons[size_t(c)]->setIconSize(QSize(16, 16));
        updateRow(category);
    }
}

void MapLegend::setCounts(const MapCategoryCounts &counts)
{
    if (counts == m_counts)
        return;
    m_counts = counts;
    for (int c = 0; c < MapCategoryCount; ++c)
        updateRow(MapCategory(c));
    adjustSize();
}

void MapLegend::updateRow(MapCategory category)
{
    QToolButton *button = m_buttons[size_t(category)];
    const quint32 count = m_counts[size_t(category)];
    const QString text = QStringLiteral("%1  %2").arg(capitalised(mapCategoryName(category)),
                                                      QLocale().toString(qulonglong(count)));
    if (button->text() != text)
        button->setText(text);
    const QSignalBlocker blocker(button);
    button->setChecked(!m_filter.isHidden(category));
    // A mark nobody carries takes no room; a status keeps its row so the key does not jump about.
    const bool mark = category == MapCategory::Paused || category == MapCategory::LowBattery;
    button->setVisible(!m_collapsed && (!mark || count > 0 || m_filter.isHidden(category)));
}

void MapLegend::setFilter(const MapBannerFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    for (int c = 0; c < MapCategoryCount; ++c)
        updateRow(MapCategory(c));
    emit filterChanged(m_filter);
}

void MapLegend::setCollapsed(bool collapsed)
{
    m_collapsed = collapsed;
    m_title->setText(collapsed ? tr("Legend ▸") : tr("Legend ▾"));
    for (int c = 0; c < MapCategoryCount; ++c)
        updateRow(MapCategory(c));
    adjustSize();
}

} // namespace airdisplay
