#pragma once

#include <QHash>
#include <QList>
#include <QMetaEnum>
#include <QString>

#include <optional>

namespace airdisplay {

// The snake_case names of a Q_ENUM's keys (QueueFull -> "queue_full"), for enums whose names are
// part of the protocol or the store: the enum is the one list, and the names cannot drift from it.
class EnumNames
{
public:
    static QString snakeCase(const char *key);

    template<typename E>
    static QString name(E value)
    {
        return table<E>().byValue.value(value);
    }

    template<typename E>
    static std::optional<E> fromName(QStringView name)
    {
        const auto &byName = table<E>().byName;
        const auto it = byName.constFind(name.toString());
        if (it == byName.cend())
            return std::nullopt;
        return *it;
    }

    // Every value, in the enum's order.
    template<typename E>
    static QList<E> values()
    {
        return table<E>().values;
    }

private:
    template<typename E>
    struct Table
    {
        Table()
        {
            const QMetaEnum e = QMetaEnum::fromType<E>();
            for (int i = 0; i < e.keyCount(); ++i) {
                const E value = E(e.value(i));
                const QString n = snakeCase(e.key(i));
                byValue.insert(value, n);
                byName.insert(n, value);
                values.append(value);
            }
        }
        QHash<E, QString> byValue;
        QHash<QString, E> byName;
        QList<E> values;
    };

    template<typename E>
    static const Table<E> &table()
    {
        static const Table<E> t; // built once, thread-safe (a function-local static)
        return t;
    }
};

} // namespace airdisplay
