#pragma once

#include "ConsoleSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace airdisplay {

// Edits ConsoleSettings. Apply and OK hand the new settings over (settingsApplied); the main window
// saves them and reopens the engine when a change needs it.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // Where the first-run guide sends the dispatcher.
    enum class Section { DemoFleet, RemoteClients };
    Q_ENUM(Section)

    explicit SettingsDialog(const ConsoleSettings &settings, QWidget *parent = nullptr);

    // Puts the keyboard focus on the section's first field.
    void showSection(Section section);

    ConsoleSettings settings() const;
    void setSettings(const ConsoleSettings &settings);

signals:
    void settingsApplied(const airdisplay::ConsoleSettings &settings);

private:
    QLineEdit *m_database;
    QLineEdit *m_listen;
    QCheckBox *m_tls;
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QSpinBox *m_displayDuration;
    QSpinBox *m_maxTextLength;
    QSpinBox *m_queueLimit;
    QComboBox *m_review;
    QSpinBox *m_demoFleet;
    QCheckBox *m_darkTheme;
    QCheckBox *m_alertSound;
};

} // namespace airdisplay
