#pragma once

#include "Beach.h"

#include <QList>

namespace airdisplay {

// The built-in list of beaches the simulator flies over: well-known banner-towing beaches on every
// inhabited continent, so a demo fleet spreads over the whole map.
class BeachCatalog
{
public:
    static const QList<Beach> &all();
};

} // namespace airdisplay
