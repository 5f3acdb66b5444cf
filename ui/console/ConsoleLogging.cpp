#include "ConsoleLogging.h"

Q_LOGGING_CATEGORY(lcUi, "airdisplay.ui")
