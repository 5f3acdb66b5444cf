#pragma once

#include "Error.h"

namespace airdisplay {

// The fleet reports with the engine's one Error (codes UnknownBanner ... StoreFailure, plus
// InvalidArgument); their snake_case names are part of the protocol, never renamed.
using FleetError = Error;

} // namespace airdisplay
