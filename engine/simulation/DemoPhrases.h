#pragma once

#include <QStringList>

namespace airdisplay {

// What simulated customers write on banners.
class DemoPhrases
{
public:
    static const QStringList &all();
};

} // namespace airdisplay
