#include "SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace airdisplay {

namespace {

QSpinBox *spin(int min, int max, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(const ConsoleSettings &settings, QWidget *parent)
    : QDialog(parent), m_database(new QLineEdit(this)), m_listen(new QLineEdit(this)),
      m_tls(new QCheckBox(tr("Serve over TLS"), this)), m_certificate(new QLineEdit(this)), m_key(new QLineEdit(this)),
      m_displayDuration(spin(1, 3600, tr(" s"), this)), m_maxTextLength(spin(1, 1000, tr(" characters"), this)),
      m_queueLimit(spin(1, 1000, tr(" messages"), this)), m_review(new QComboBox(this)),
      m_demoFleet(spin(0, 1'000'000, tr(" banners"), this)), m_darkTheme(new QCheckBox(tr("Dark theme"), this)),
      m_alertSound(new QCheckBox(tr("Beep when new alerts arrive"), this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));

    m_database->setObjectName(QStringLiteral("database"));
    m_database->setPlaceholderText(ConsoleSettings::defaultDatabase());
    m_database->setToolTip(tr("A SQLite file, or a PostgreSQL URL such as postgresql://user@host:5432/airdisplay"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("SQLite database"), m_database->text(),
                                                          tr("SQLite databases (*.db *.sqlite);;All files (*)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_database->setText(file);
    });
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(browse);

    m_listen->setObjectName(QStringLiteral("listen"));
    m_listen->setToolTip(tr("Address and port the gateway listens on for remote clients, e.g. 0.0.0.0:8443"));
    m_listen->setPlaceholderText(tr("Off: no remote clients (e.g. 127.0.0.1:8470 turns it on)"));
    m_certificate->setPlaceholderText(tr("Certificate (PEM)"));
    m_key->setPlaceholderText(tr("Private key (PEM)"));
    connect(m_tls, &QCheckBox::toggled, m_certificate, &QWidget::setEnabled);
    connect(m_tls, &QCheckBox::toggled, m_key, &QWidget::setEnabled);

    m_review->addItem(tr("None: every valid message is queued"), int(ReviewPolicy::None));
    m_review->addItem(tr("Flagged: messages with a flagged word wait for review"), int(ReviewPolicy::Flagged));
    m_review->addItem(tr("All: every message waits for review"), int(ReviewPolicy::All));
    m_displayDuration->setObjectName(QStringLiteral("displayDuration"));
    m_demoFleet->setSpecialValueText(tr("none"));

    auto *storage = new QGroupBox(tr("Database"), this);
    auto *storageForm = new QFormLayout(storage);
    storageForm->addRow(tr("Location:"), databaseRow);

    auto *network = new QGroupBox(tr("Remote clients"), this);
    auto *networkForm = new QFormLayout(network);
    networkForm->addRow(tr("Listen on:"), m_listen);
    networkForm->addRow(QString(), m_tls);
    networkForm->addRow(tr("Certificate:"), m_certificate);
    networkForm->addRow(tr("Key:"), m_key);

    auto *messages = new QGroupBox(tr("Messages"), this);
    auto *messagesForm = new QFormLayout(messages);
    messagesForm->addRow(tr("Display duration:"), m_displayDuration);
    messagesForm->addRow(tr("Longest message:"), m_maxTextLength);
    messagesForm->addRow(tr("Queue limit per banner:"), m_queueLimit);
    messagesForm->addRow(tr("Review:"), m_review);

    auto *console = new QGroupBox(tr("Console"), this);
    auto *consoleForm = new QFormLayout(console);
    consoleForm->addRow(tr("Demo fleet:"), m_demoFleet);
    consoleForm->addRow(QString(), m_darkTheme);
    m_alertSound->setObjectName(QStringLiteral("alertSound"));
    consoleForm->addRow(QString(), m_alertSound);
    m_demoFleet->setObjectName(QStringLiteral("demoFleet"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        emit settingsApplied(this->settings());
        accept();
    });
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            [this] { emit settingsApplied(this->settings()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(storage);
    layout->addWidget(network);
    layout->addWidget(messages);
    layout->addWidget(console);
    layout->addWidget(new QLabel(tr("Database and message rules take effect by reopening the fleet, which Apply does."), this));
    layout->addWidget(buttons);
    setSettings(settings);
}

void SettingsDialog::setSettings(const ConsoleSettings &s)
{
    m_database->setText(s.database);
    m_listen->setText(s.listenAddress);
    m_tls->setChecked(s.tlsEnabled);
    m_certificate->setText(s.tlsCertificate);
    m_key->setText(s.tlsKey);
    m_certificate->setEnabled(s.tlsEnabled);
    m_key->setEnabled(s.tlsEnabled);
    m_displayDuration->setValue(s.displayDurationSeconds);
    m_maxTextLength->setValue(s.maxTextLength);
    m_queueLimit->setValue(s.queueLimit);
    m_review->setCurrentIndex(m_review->findData(int(s.review)));
    m_demoFleet->setValue(s.demoFleetSize);
    m_darkTheme->setChecked(s.darkTheme);
    m_alertSound->setChecked(s.alertSound);
}

void SettingsDialog::showSection(Section section)
{
    QWidget *field = section == Section::DemoFleet ? static_cast<QWidget *>(m_demoFleet) : m_listen;
    field->setFocus(Qt::OtherFocusReason);
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        spin->selectAll();
}

ConsoleSettings SettingsDialog::settings() const
{
    ConsoleSettings s;
    s.database = m_database->text().trimmed();
    s.listenAddress = m_listen->text().trimmed();
    s.tlsEnabled = m_tls->isChecked();
    s.tlsCertificate = m_certificate->text().trimmed();
    s.tlsKey = m_key->text().trimmed();
    s.displayDurationSeconds = m_displayDuration->value();
    s.maxTextLength = m_maxTextLength->value();
    s.queueLimit = m_queueLimit->value();
    s.review = ReviewPolicy(m_review->currentData().toInt());
    s.demoFleetSize = m_demoFleet->value();
    s.darkTheme = m_darkTheme->isChecked();
    s.alertSound = m_alertSound->isChecked();
    return s;
}

} // namespace airdisplay
