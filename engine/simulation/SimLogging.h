#pragma once

#include <QLoggingCategory>

// airdisplay-sim and its WebSocket devices and customers.
Q_DECLARE_LOGGING_CATEGORY(lcSim)
