#pragma once

#include <QLoggingCategory>

namespace airdisplay {

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

} // namespace airdisplay
