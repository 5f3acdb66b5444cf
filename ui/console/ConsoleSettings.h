#pragma once

#include "FleetEngineOptions.h"
#include "GatewayOptions.h"

#include <QString>

#include <optional>

class QSettings;

namespace airdisplay {

// What the dispatcher can change in the settings dialog, as stored in QSettings. The command line
// overrides some of it for one run without saving.
struct ConsoleSettings
{
    QString database;             // a SQLite file or a postgresql:// URL; empty: the default file
    // Empty: no gateway. Serving remote clients is the dispatcher's decision (Settings or --listen),
    // not something a first run does on its own.
    QString listenAddress;
    bool tlsEnabled = false;
    QString tlsCertificate;
    QString tlsKey;
    int displayDurationSeconds = 60;
    int maxTextLength = 64;
    int queueLimit = 20;
    ReviewPolicy review = ReviewPolicy::None;
    int demoFleetSize = 0;        // 0: no simulated fleet
    bool darkTheme = true;
    bool alertSound = false;      // a beep when new alerts arrive

    static ConsoleSettings load(QSettings &settings);
    void save(QSettings &settings) const;

    // The database to open: the configured one, or a SQLite file in the application's data folder.
    QString databaseLocation() const;
    static QString defaultDatabase();
    FleetEngineOptions engineOptions() const;
    // std::nullopt when no gateway is wanted (no listen address); error names what is wrong.
    std::optional<GatewayOptions> gatewayOptions(QString *error = nullptr) const;

    // These settings with what the dispatcher changed from `before` to `after` (the dialog's Apply,
    // the theme toggle) and nothing else: what the command line overrode for one run stays as stored.
    ConsoleSettings withChanges(const ConsoleSettings &before, const ConsoleSettings &after) const;

    // True when applying the change needs the engine to be opened again (the policy is copied at open).
    bool needsRestartComparedTo(const ConsoleSettings &other) const;

    bool operator==(const ConsoleSettings &) const = default;
};

} // namespace airdisplay
