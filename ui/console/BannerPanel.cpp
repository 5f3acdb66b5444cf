#include "BannerPanel.h"

#include "DispatcherActions.h"
#include "FleetEngine.h"
#include "FleetEvent.h"
#include "FleetIndex.h"
#include "MessageQueueModel.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace airdisplay {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString clockTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")) : QString();
}

QTreeWidget *makeList(const QStringList &headers, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    return list;
}

} // namespace

BannerPanel::BannerPanel(MessageQueueModel *queue, DispatcherActions *actions, QWidget *parent)
    : QWidget(parent), m_queueModel(queue), m_actions(actions), m_title(new QLabel(this)), m_link(new QLabel(this)),
      m_lastSeen(new QLabel(this)), m_position(new QLabel(this)), m_altitude(new QLabel(this)),
      m_speed(new QLabel(this)), m_battery(new QLabel(this)), m_showing(new QLabel(this)),
      m_blank(new QPushButton(DispatcherActions::label(DispatcherActions::Action::Blank), this)),
      m_pause(new QPushButton(DispatcherActions::label(DispatcherActions::Action::Pause), this)),
      m_resume(new QPushButton(DispatcherActions::label(DispatcherActions::Action::Resume), this)),
      m_queue(makeList({tr("#"), tr("Text"), tr("Status")}, this)),
      m_history(makeList({tr("Started"), tr("Text"), tr("Ended"), tr("How")}, this)), m_compose(new QLineEdit(this)),
      m_send(new QPushButton(tr("Send"), this)), m_result(new QLabel(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    // The title is markup of ours (the callsign escaped); what a banner shows is the customer's text,
    // shown as it is: "M & J" must not become "M &amp; J", nor "<b>" bold.
    m_title->setTextFormat(Qt::RichText);
    m_showing->setTextFormat(Qt::PlainText);
    m_showing->setWordWrap(true);
    // The longest fact: it wraps rather than widening a narrow dock.
    m_position->setWordWrap(true);
    m_showing->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *facts = new QFormLayout;
    facts->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    facts->addRow(tr("Link:"), m_link);
    facts->addRow(tr("Last seen:"), m_lastSeen);
    facts->addRow(tr("Position:"), m_position);
    facts->addRow(tr("Altitude:"), m_altitude);
    facts->addRow(tr("Speed:"), m_speed);
    facts->addRow(tr("Battery:"), m_battery);
    facts->addRow(tr("Showing:"), m_showing);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_blank, m_pause, m_resume})
        buttons->addWidget(b);
    buttons->addStretch(1);
    using A = DispatcherActions::Action;
    const std::pair<QPushButton *, A> bannerActions[] = {{m_blank, A::Blank}, {m_pause, A::Pause}, {m_resume, A::Resume}};
    for (const auto &[button, action] : bannerActions) {
        connect(button, &QPushButton::clicked, this, [this, action = action] {
            const auto entry = m_actions->engine() ? m_actions->engine()->fleetIndex().find(m_bannerId) : std::nullopt;
            m_actions->run(action, {{m_bannerId, entry ? entry->callsign : QString::number(m_bannerId), 0, {}, 0, false}}, this);
        });
    }

    m_compose->setPlaceholderText(tr("Message to show on this banner"));
    m_compose->setClearButtonEnabled(true);
    m_result->setWordWrap(true);
    m_result->setObjectName(QStringLiteral("composeResult"));
    connect(m_compose, &QLineEdit::returnPressed, this, &BannerPanel::submit);
    connect(m_send, &QPushButton::clicked, this, &BannerPanel::submit);
    auto *composeRow = new QHBoxLayout;
    composeRow->addWidget(m_compose, 1);
    composeRow->addWidget(m_send);

    auto *queueBox = new QGroupBox(tr("Queue"), this);
    (new QVBoxLayout(queueBox))->addWidget(m_queue);
    auto *historyBox = new QGroupBox(tr("Recent history"), this);
    (new QVBoxLayout(historyBox))->addWidget(m_history);
    auto *composeBox = new QGroupBox(tr("Compose as dispatcher"), this);
    auto *composeLayout = new QVBoxLayout(composeBox);
    composeLayout->addLayout(composeRow);
    composeLayout->addWidget(m_result);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addLayout(facts);
    layout->addLayout(buttons);
    layout->addWidget(queueBox, 2);
    layout->addWidget(historyBox, 3);
    layout->addWidget(composeBox);

    connect(m_queueModel, &MessageQueueModel::bannerQueueChanged, this, [this](qint64 id) {
        if (id == m_bannerId)
            refreshQueue();
    });
    connect(m_actions, &DispatcherActions::engineChanged, this, [this] {
        unsubscribeHistory();
        subscribeHistory();
        refresh();
    });
    // Telemetry changes every second; the countdown of what it shows, too.
    m_refreshTimer.setInterval(250);
    connect(&m_refreshTimer, &QTimer::timeout, this, &BannerPanel::refresh);
    m_refreshTimer.start();
    refresh();
}

BannerPanel::~BannerPanel()
{
    unsubscribeHistory();
}

void BannerPanel::setBanner(qint64 bannerId)
{
    if (bannerId == m_bannerId)
        return;
    unsubscribeHistory();
    m_bannerId = bannerId;
    m_result->clear();
    subscribeHistory();
    refresh();
    refreshQueue();
}

void BannerPanel::unsubscribeHistory()
{
    ++m_generation;
    m_recent.clear();
    m_history->clear();
    if (m_subscription != 0)
        m_historyEngine->unsubscribe(m_subscription);
    m_subscription = 0;
    m_historyEngine = nullptr;
}

void BannerPanel::subscribeHistory()
{
    FleetEngine *engine = m_actions->engine();
    if (!engine || m_bannerId == 0)
        return;
    // From the start of the banner's log: the history comes from what was committed, including
    // what happened before the console started. The handler runs on the engine's threads; it
    // picks out the ended messages and hands them over.
    const quint64 generation = m_generation;
    m_historyEngine = engine;
    m_subscription = engine->subscribe(
        [this, generation](const QList<EventRecord> &events) {
            QList<BannerMessage> ended;
            for (const EventRecord &record : events) {
                const std::optional<BannerEventType> type = eventTypeFromName(record.type);
                if (!type || !endsMessage(*type))
                    continue;
                if (const FleetEvent e = FleetEvent::decode(record); e.message)
                    ended.append(*e.message);
            }
            if (ended.size() > kHistoryLength)
                ended = ended.mid(ended.size() - kHistoryLength);
            if (!ended.isEmpty())
                QMetaObject::invokeMethod(this, [this, generation, ended] { addHistory(generation, ended); }, Qt::QueuedConnection);
        },
        {m_bannerId}, 0);
}

void BannerPanel::addHistory(quint64 generation, const QList<BannerMessage> &ended)
{
    if (generation != m_generation)
        return; // for a banner no longer selected
    for (const BannerMessage &m : ended)
        m_recent.prepend(m);
    while (m_recent.size() > kHistoryLength)
        m_recent.removeLast();
    m_history->clear();
    for (const BannerMessage &m : m_recent) {
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(0, m.startedMs ? clockTime(*m.startedMs) : tr("never shown"));
        item->setText(1, m.text);
        item->setText(2, clockTime(m.endedMs.value_or(0)));
        item->setText(3, MessageQueueModel::statusText(m.status));
        item->setToolTip(1, tr("%1, from %2, submitted %3").arg(m.text, m.author, clockTime(m.submittedMs)));
    }
}

void BannerPanel::refreshQueue()
{
    // Rows are reused, not rebuilt: this runs on every tick of the countdown too, and a rebuilt
    // list would lose its scroll position.
    const QList<QueuedMessage> messages = m_queueModel->messagesOfBanner(m_bannerId);
    while (m_queue->topLevelItemCount() > messages.size())
        delete m_queue->takeTopLevelItem(m_queue->topLevelItemCount() - 1);
    while (m_queue->topLevelItemCount() < messages.size())
        new QTreeWidgetItem(m_queue);
    for (int i = 0; i < messages.size(); ++i) {
        const QueuedMessage &m = messages.at(i);
        QTreeWidgetItem *item = m_queue->topLevelItem(i);
        item->setText(0, m.position == 0 ? tr("on air") : QString::number(m.position));
        item->setText(1, m.text);
        item->setText(2, m.position == 0 ? MessageQueueModel::statusText(m.status) : m_queueModel->countdownText(m));
        item->setToolTip(1, tr("%1, from %2").arg(m.text, m.author));
    }
}

void BannerPanel::refresh()
{
    FleetEngine *engine = m_actions->engine();
    const auto entry = engine && m_bannerId > 0 ? engine->fleetIndex().find(m_bannerId) : std::nullopt;
    const bool enabled = entry.has_value();
    for (QWidget *w : std::initializer_list<QWidget *>{m_blank, m_pause, m_resume, m_compose, m_send})
        w->setEnabled(enabled);
    if (!entry) {
        m_title->setText(m_bannerId > 0 ? tr("Banner %1").arg(m_bannerId) : tr("No banner selected"));
        for (QLabel *l : {m_link, m_lastSeen, m_position, m_altitude, m_speed, m_battery, m_showing})
            l->setText(QStringLiteral("–"));
        return;
    }
    const qint64 now = nowMs();
    m_title->setText(tr("%1 <span style=\"font-weight:normal\">· banner %2</span>").arg(entry->callsign.toHtmlEscaped()).arg(entry->id));
    m_link->setText(entry->linkUp ? (entry->paused ? tr("connected, paused") : tr("connected")) : tr("offline"));
    m_lastSeen->setText(entry->lastSeenMs > 0
                            ? tr("%1 (%2 s ago)").arg(clockTime(entry->lastSeenMs)).arg(qMax<qint64>(0, now - entry->lastSeenMs) / 1000)
                            : tr("never"));
    if (entry->hasPosition) {
        m_position->setText(tr("%1°, %2°  heading %3°")
                                .arg(entry->latitude, 0, 'f', 5)
                                .arg(entry->longitude, 0, 'f', 5)
                                .arg(qRound(entry->headingDeg)));
        m_altitude->setText(tr("%1 ft").arg(qRound(entry->altitudeFt)));
        m_speed->setText(tr("%1 kn").arg(entry->speedKnots, 0, 'f', 0));
        m_battery->setText(tr("%1 %").arg(qRound(entry->batteryPercent)));
    } else {
        for (QLabel *l : {m_position, m_altitude, m_speed, m_battery})
            l->setText(tr("no telemetry yet"));
    }
    // The countdowns come from the queue model, on its clock, so that the panel and the queue view
    // never disagree about the same message.
    const QList<QueuedMessage> messages = m_queueModel->messagesOfBanner(m_bannerId);
    if (!messages.isEmpty() && messages.first().position == 0) {
        const QueuedMessage &current = messages.first();
        if (current.status == BannerMessage::Status::Displaying && current.endsAtMs > 0)
            m_showing->setText(tr("“%1”, %2").arg(current.text, m_queueModel->countdownText(current)));
        else
            m_showing->setText(tr("“%1”, sent, awaiting the device's confirmation").arg(current.text));
    } else {
        m_showing->setText(tr("nothing (blank)"));
    }
    refreshQueue();
}

void BannerPanel::showResult(const QString &text, bool error)
{
    m_result->setText(text);
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xf8, 0x51, 0x49) : palette().color(QPalette::WindowText));
    m_result->setPalette(p);
}

void BannerPanel::submit()
{
    FleetEngine *engine = m_actions->engine();
    if (!engine || m_bannerId == 0)
        return;
    const QString text = m_compose->text();
    const qint64 banner = m_bannerId;
    showResult(tr("Sending…"), false);
    engine->execute(banner, command::Submit{text, QUuid::createUuid().toString(QUuid::WithoutBraces)}, m_author)
        .then(this, [this, banner](const FleetResult &result) {
            if (banner != m_bannerId)
                return;
            if (!result.ok()) {
                showResult(tr("Not accepted: %1").arg(result.error.message()), true);
                return;
            }
            m_compose->clear();
            if (result.position == 0) {
                showResult(tr("Accepted: sent to the banner now."), false);
            } else {
                const qint64 wait = qMax<qint64>(0, result.estimatedStartMs - nowMs());
                showResult(tr("Accepted at position %1, estimated start %2 (in %3 min %4 s).")
                               .arg(result.position)
                               .arg(clockTime(result.estimatedStartMs))
                               .arg(wait / 60000)
                               .arg(wait / 1000 % 60),
                           false);
            }
            emit submitted(banner, result.messageId);
        });
}

} // namespace airdisplay
