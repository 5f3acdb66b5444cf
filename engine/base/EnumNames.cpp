#include "EnumNames.h"

namespace airdisplay {

QString EnumNames::snakeCase(const char *key)
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

} // namespace airdisplay
