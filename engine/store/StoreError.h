#pragma once

#include "Error.h"

class QSqlError;

namespace airdisplay {

// The store reports with the engine's one Error (codes Conflict ... Database).
using StoreError = Error;

// Wraps a driver error with what the store was doing, e.g. "loading state: database is locked"; a
// unique-key violation is a Conflict (another writer got there first), anything else Database.
Error sqlError(const QString &context, const QSqlError &error);

} // namespace airdisplay
