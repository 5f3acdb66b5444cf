#include "ListenAddress.h"

namespace airdisplay {

std::optional<ListenAddress> ListenAddress::parse(const QString &text)
{
    ListenAddress result;
    QString host;
    QString port = text;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon >= 0) {
        host = text.left(colon);
        port = text.mid(colon + 1);
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
    }
    bool ok = false;
    const uint p = port.toUInt(&ok);
    if (!ok || p > 65535)
        return std::nullopt;
    result.port = quint16(p);
    if (!host.isEmpty()) {
        if (host == QLatin1String("localhost"))
            result.address = QHostAddress::LocalHost;
        else if (host == QLatin1String("*") || host == QLatin1String("0.0.0.0"))
            result.address = QHostAddress::Any;
        else if (!result.address.setAddress(host))
            return std::nullopt;
    }
    return result;
}

} // namespace airdisplay
