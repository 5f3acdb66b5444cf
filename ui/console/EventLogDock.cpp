#include "EventLogDock.h"

#include "BannerEventType.h"
#include "EventLogFilter.h"
#include "EventLogModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPalette>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace airdisplay {

namespace {

// The console's own lines, after the banners' event types.
const char *const kConsoleTypes[] = {"console_action_failed", "console_problem"};

} // namespace

EventLogDock::EventLogDock(EventLogModel *model, QWidget *parent)
    : QDockWidget(tr("Event log"), parent), m_model(model), m_filter(new EventLogFilter(this)),
      m_table(new QTableView), m_banner(new QLineEdit), m_type(new QComboBox), m_severity(new QComboBox),
      m_follow(new QCheckBox(tr("Follow"))), m_followSelection(new QCheckBox(tr("Selected")))
{
    setObjectName(QStringLiteral("eventLogDock"));
    m_filter->setSourceModel(m_model);

    // Callsigns are what dispatchers read and type ("BNR-00308"); a validator for numbers turned
    // that into 00308 without a word.
    m_banner->setPlaceholderText(tr("Banner id or callsign"));
    m_banner->setClearButtonEnabled(true);
    m_banner->setMaximumWidth(160);
    connect(m_banner, &QLineEdit::textChanged, this, &EventLogDock::applyBannerText);

    m_type->addItem(tr("All events"));
    for (const BannerEventType type : allEventTypes())
        m_type->addItem(eventTypeName(type), eventTypeName(type));
    for (const char *type : kConsoleTypes)
        m_type->addItem(QLatin1String(type), QLatin1String(type));
    connect(m_type, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_filter->setType(m_type->itemData(index).toString()); });

    for (EventLogEntry::Severity s : {EventLogEntry::Severity::Info, EventLogEntry::Severity::Warning, EventLogEntry::Severity::Error})
        m_severity->addItem(tr("%1 and above").arg(EventLogModel::severityText(s)), int(s));
    connect(m_severity, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setMinimumSeverity(EventLogEntry::Severity(m_severity->itemData(index).toInt()));
    });

    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest event in view"));
    m_followSelection->setToolTip(tr("Show only the events of the banner selected on the map or in the queue"));
    connect(m_followSelection, &QCheckBox::toggled, this, [this](bool on) {
        m_banner->setEnabled(!on);
        setBannerFilter(on ? m_selectedBanner : 0);
    });

    m_table->setModel(m_filter);
    m_table->setObjectName(QStringLiteral("eventLogTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // The detail says what happened and gets the room; the severity is the colour of the event's
    // name (and the severity filter above), not a column of its own.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 12;
    m_table->setColumnWidth(EventLogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + padding);
    m_table->setColumnWidth(EventLogModel::BannerColumn, metrics.horizontalAdvance(QStringLiteral("000000")) + padding);
    m_table->setColumnHidden(EventLogModel::SeverityColumn, true);
    m_table->setColumnWidth(EventLogModel::TypeColumn, metrics.horizontalAdvance(eventTypeName(BannerEventType::MessageDisplaying)) + padding);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_table->scrollToBottom();
    });

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_banner);
    controls->addWidget(m_type, 1);
    controls->addWidget(m_severity, 1);
    controls->addWidget(m_followSelection);
    controls->addWidget(m_follow);
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    setWidget(content);
}

void EventLogDock::setBannerResolver(BannerResolver resolve)
{
    m_resolve = std::move(resolve);
    applyBannerText(m_banner->text());
}

void EventLogDock::applyBannerText(const QString &text)
{
    const QString wanted = text.trimmed();
    bool isNumber = false;
    const qint64 number = wanted.toLongLong(&isNumber);
    std::optional<qint64> banner;
    if (wanted.isEmpty())
        banner = 0;
    else if (isNumber && number > 0)
        banner = number;
    else if (m_resolve)
        banner = m_resolve(wanted);
    // A name that is no banner shows nothing and says so, rather than every banner's events.
    m_filter->setBanner(banner.value_or(-1));
    m_banner->setToolTip(banner ? QString() : tr("No banner “%1”").arg(wanted));
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Text, banner ? this->palette().color(QPalette::Text) : QColor(0xf8, 0x51, 0x49));
    m_banner->setPalette(palette);
}

void EventLogDock::setSelectedBanner(qint64 bannerId)
{
    if (bannerId == m_selectedBanner)
        return;
    m_selectedBanner = bannerId;
    if (m_followSelection->isChecked())
        setBannerFilter(bannerId);
}

void EventLogDock::setBannerFilter(qint64 bannerId)
{
    m_banner->setText(bannerId > 0 ? QString::number(bannerId) : QString());
}

} // namespace airdisplay
