#include "BannerEventType.h"

#include <QHash>
#include <QList>
#include <QMetaEnum>

namespace airdisplay {

namespace {

QString snakeCase(const char *key)
{
    QString name;
    for (const char *c = key; *c; ++c) {
        if (*c >= 'A' && *c <= 'Z') {
            if (c != key)
                name += QLatin1Char('_');
            name += QLatin1Char(char(*c - 'A' + 'a'));
        } else {
            name += QLatin1Char(*c);
        }
    }
    return name;
}

// Built once from the enum's meta-object: names by type and types by name.
struct Names
{
    Names()
    {
        const QMetaEnum e = QMetaEnum::fromType<BannerEventType>();
        for (int i = 0; i < e.keyCount(); ++i) {
            const auto type = BannerEventType(e.value(i));
            const QString name = snakeCase(e.key(i));
            byType.insert(type, name);
            byName.insert(name, type);
            all.append(type);
        }
    }
    QHash<BannerEventType, QString> byType;
    QHash<QString, BannerEventType> byName;
    QList<BannerEventType> all;
};

const Names &names()
{
    static const Names n;
    return n;
}

} // namespace

QString eventTypeName(BannerEventType type)
{
    return names().byType.value(type);
}

std::optional<BannerEventType> eventTypeFromName(QStringView name)
{
    const auto &byName = names().byName;
    const auto it = byName.constFind(name.toString());
    if (it == byName.cend())
        return std::nullopt;
    return *it;
}

QList<BannerEventType> allEventTypes()
{
    return names().all;
}

bool endsMessage(BannerEventType type)
{
    switch (type) {
    case BannerEventType::MessageShown:
    case BannerEventType::MessageBlanked:
    case BannerEventType::MessageInterrupted:
    case BannerEventType::MessageRemoved:
    case BannerEventType::MessageCancelled:
    case BannerEventType::MessageRejected:
        return true;
    default:
        return false;
    }
}

} // namespace airdisplay
