#include "FleetLogging.h"

Q_LOGGING_CATEGORY(lcFleet, "airdisplay.fleet")
