#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace airdisplay {

// The --listen value: HOST:PORT, [IPv6]:PORT, or just PORT (on loopback).
struct ListenAddress
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;

    static std::optional<ListenAddress> parse(const QString &text);
};

} // namespace airdisplay
