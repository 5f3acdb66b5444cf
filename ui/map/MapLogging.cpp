#include "MapLogging.h"

namespace airdisplay {
// Debug output (load and render times) is off unless asked for with QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcMap, "airdisplay.ui.map", QtInfoMsg)
}
