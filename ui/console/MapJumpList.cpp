#include "MapJumpList.h"

#include "BeachCatalog.h"
#include "FleetMapWidget.h"

#include <QStandardItemModel>

#include <algorithm>

namespace airdisplay {

namespace {

enum class Kind { Prompt, Fleet, Selection, Area };

struct Area
{
    const char *name;
    GeoCoordinate southWest;
    GeoCoordinate northEast;
};

// Where the coasts with towing fleets are, continent by continent.
const Area Continents[] = {
    {QT_TRANSLATE_NOOP("MapJumpList", "Europe"), {34.0, -12.0}, {62.0, 36.0}},
    {QT_TRANSLATE_NOOP("MapJumpList", "North America"), {12.0, -128.0}, {52.0, -58.0}},
    {QT_TRANSLATE_NOOP("MapJumpList", "South America"), {-42.0, -82.0}, {12.0, -32.0}},
    {QT_TRANSLATE_NOOP("MapJumpList", "Africa"), {-36.0, -20.0}, {38.0, 52.0}},
    {QT_TRANSLATE_NOOP("MapJumpList", "Asia"), {-10.0, 60.0}, {46.0, 146.0}},
    {QT_TRANSLATE_NOOP("MapJumpList", "Oceania"), {-48.0, 110.0}, {-8.0, 180.0}},
};

// A beach is framed about 8 km across: its planes large, labelled and apart.
constexpr double BeachHalfSpanDeg = 0.04;

constexpr int KindRole = Qt::UserRole + 1;
constexpr int AreaRole = Qt::UserRole + 2;

} // namespace

MapJumpList::MapJumpList(FleetMapWidget *map, QWidget *parent)
    : QComboBox(parent), m_map(map)
{
    setObjectName(QStringLiteral("mapJumpList"));
    setToolTip(tr("Frame the whole fleet, the selection, a continent or a beach"));
    setAccessibleName(tr("Go to"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMaxVisibleItems(24);

    const auto add = [this](const QString &label, Kind kind, QVariant area = {}) {
        addItem(label);
        setItemData(count() - 1, int(kind), KindRole);
        setItemData(count() - 1, area, AreaRole);
    };
    add(tr("Go to…"), Kind::Prompt);
    add(tr("Whole fleet"), Kind::Fleet);
    add(tr("Selection (Z)"), Kind::Selection);
    insertSeparator(count());
    for (const Area &area : Continents) {
        add(tr(area.name), Kind::Area,
            QVariantList{area.southWest.lat, area.southWest.lon, area.northEast.lat, area.northEast.lon});
    }
    insertSeparator(count());
    QList<Beach> beaches = BeachCatalog::all();
    std::sort(beaches.begin(), beaches.end(), [](const Beach &a, const Beach &b) { return a.name < b.name; });
    for (const Beach &beach : beaches) {
        add(QStringLiteral("%1 (%2)").arg(beach.name, beach.country), Kind::Area,
            QVariantList{beach.latitude - BeachHalfSpanDeg, beach.longitude - BeachHalfSpanDeg,
                         beach.latitude + BeachHalfSpanDeg, beach.longitude + BeachHalfSpanDeg});
    }
    // The prompt is not a place: it cannot be picked from the list.
    if (auto *items = qobject_cast<QStandardItemModel *>(model()))
        items->item(0)->setEnabled(false);
    connect(this, &QComboBox::activated, this, [this](int row) {
        jump(row);
        setCurrentIndex(0);
        m_map->setFocus();
    });
}

QStringList MapJumpList::places() const
{
    QStringList labels;
    for (int row = 0; row < count(); ++row) {
        if (!itemText(row).isEmpty())
            labels << itemText(row);
    }
    return labels;
}

bool MapJumpList::jumpTo(const QString &label)
{
    int row = findText(label, Qt::MatchFixedString);
    if (row <= 0)
        row = findText(label, Qt::MatchStartsWith);
    return row > 0 && jump(row);
}

bool MapJumpList::jump(int row)
{
    switch (Kind(itemData(row, KindRole).toInt())) {
    case Kind::Prompt:
        return false;
    case Kind::Fleet:
        return m_map->frameFleet();
    case Kind::Selection:
        return m_map->frameSelection();
    case Kind::Area: {
        const QVariantList a = itemData(row, AreaRole).toList();
        if (a.size() != 4)
            return false;
        m_map->frameRegion({a[0].toDouble(), a[1].toDouble()}, {a[2].toDouble(), a[3].toDouble()});
        return true;
    }
    }
    return false;
}

} // namespace airdisplay
