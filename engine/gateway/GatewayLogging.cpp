#include "GatewayLogging.h"

namespace airdisplay {

Q_LOGGING_CATEGORY(lcGateway, "airdisplay.gateway")

} // namespace airdisplay
