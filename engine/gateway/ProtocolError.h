#pragma once

#include "Error.h"

namespace airdisplay {

// The gateway reports with the engine's one Error: its own codes (InvalidJson ... Internal) and the
// engine's, so a client sees "queue_full" whether it used REST or WebSocket, with the HTTP status
// Error::httpStatus() gives.
using ProtocolError = Error;

} // namespace airdisplay
