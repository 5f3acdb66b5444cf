#include "DispatcherActions.h"

#include "ActionConfirmationDialog.h"
#include "ConsoleLogging.h"
#include "EnumNames.h"
#include "FleetEngine.h"
#include "RejectReasonDialog.h"

#include <QDateTime>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace airdisplay {

DispatcherActions::DispatcherActions(QObject *parent) : QObject(parent) {}

DispatcherActions::~DispatcherActions()
{
    sendHeld();
}

void DispatcherActions::setEngine(FleetEngine *engine)
{
    if (m_engine == engine)
        return;
    // What was held was meant for this engine's fleet, and the dispatcher did not undo it.
    sendHeld();
    m_engine = engine;
    emit engineChanged();
}

QString DispatcherActions::label(Action action)
{
    switch (action) {
    case Action::Approve: return tr("Approve");
    case Action::Reject: return tr("Reject");
    case Action::ShowNow: return tr("Show now");
    case Action::Remove: return tr("Remove");
    case Action::MoveUp: return tr("Move up");
    case Action::MoveDown: return tr("Move down");
    case Action::Blank: return tr("Blank now");
    case Action::Pause: return tr("Pause");
    case Action::Resume: return tr("Resume");
    }
    return {};
}

QKeySequence DispatcherActions::shortcut(Action action)
{
    switch (action) {
    case Action::Approve: return QKeySequence(Qt::CTRL | Qt::Key_Return);
    case Action::Reject: return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace);
    case Action::ShowNow: return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N);
    case Action::Remove: return QKeySequence::Delete;
    case Action::MoveUp: return QKeySequence(Qt::CTRL | Qt::Key_Up);
    case Action::MoveDown: return QKeySequence(Qt::CTRL | Qt::Key_Down);
    case Action::Blank: return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B);
    case Action::Pause: return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P);
    case Action::Resume: return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    }
    return {};
}

QList<DispatcherActions::Action> DispatcherActions::all()
{
    // In the enum's order, which is the order of the toolbar and the menu.
    return EnumNames::values<Action>();
}

bool DispatcherActions::actsOnBanners(Action action)
{
    return action == Action::Blank || action == Action::Pause || action == Action::Resume;
}

QList<DispatcherActions::Target> DispatcherActions::applicableTargets(Action action, const QList<Target> &targets)
{
    QList<Target> result;
    if (actsOnBanners(action)) {
        QSet<qint64> seen;
        for (const Target &t : targets) {
            if (!seen.contains(t.bannerId)) {
                seen.insert(t.bannerId);
                Target banner = t;
                banner.messageId = 0;
                banner.text.clear();
                result.append(banner);
            }
        }
        return result;
    }
    for (const Target &t : targets) {
        const bool waiting = t.messageId != 0 && t.position > 0;
        const bool ok = (action == Action::Approve || action == Action::Reject) ? waiting && t.held
                      : action == Action::MoveUp                                 ? waiting && t.position > 1
                      : action == Action::MoveDown                               ? waiting && t.position < t.lastPosition
                                                                                  : waiting;
        if (ok)
            result.append(t);
    }
    // One message at a time goes on air: show now for several would interrupt its own.
    if (action == Action::ShowNow && result.size() != 1)
        return {};
    // Moves of several messages of one banner keep their relative order: the one nearest the
    // destination goes first.
    if (action == Action::MoveUp || action == Action::MoveDown) {
        const bool up = action == Action::MoveUp;
        std::stable_sort(result.begin(), result.end(), [up](const Target &a, const Target &b) {
            if (a.bannerId != b.bannerId)
                return a.bannerId < b.bannerId;
            return up ? a.position < b.position : a.position > b.position;
        });
    }
    return result;
}

bool DispatcherActions::needsConfirmation(Action action, int targetCount)
{
    return targetCount > 1 || action == Action::Reject || action == Action::Remove || action == Action::Blank
        || action == Action::ShowNow;
}

bool DispatcherActions::isUndoable(Action action)
{
    return action == Action::Remove || action == Action::MoveUp || action == Action::MoveDown || action == Action::Reject;
}

QString DispatcherActions::describe(Action action, const Target &t) const
{
    if (actsOnBanners(action))
        return tr("%1 (banner %2)").arg(t.callsign).arg(t.bannerId);
    return tr("%1 #%2: “%3”").arg(t.callsign).arg(t.position).arg(t.text);
}

bool DispatcherActions::run(Action action, const QList<Target> &requested, QWidget *parent)
{
    if (!m_engine)
        return false;
    const QList<Target> targets = applicableTargets(action, requested);
    if (targets.isEmpty())
        return false;
    QString reason;
    if (action == Action::Reject) {
        QStringList lines;
        for (const Target &t : targets)
            lines.append(describe(action, t));
        RejectReasonDialog dialog(lines, parent);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        reason = dialog.reason();
    } else if (needsConfirmation(action, int(targets.size()))) {
        QStringList lines;
        for (const Target &t : targets)
            lines.append(describe(action, t));
        // Spelled out for one and for many: without a translation loaded, %n leaves "message(s)".
        const int n = int(targets.size());
        const QString question = action == Action::ShowNow
            ? tr("Show this message now? It interrupts what the banner shows, which is shown again in full right after.")
            : actsOnBanners(action)
            ? (n == 1 ? tr("%1 this banner?").arg(label(action)) : tr("%1 these %2 banners?").arg(label(action)).arg(n))
            : (n == 1 ? tr("%1 this message?").arg(label(action)) : tr("%1 these %2 messages?").arg(label(action)).arg(n));
        ActionConfirmationDialog dialog(label(action), question, lines, parent);
        if (dialog.exec() != QDialog::Accepted)
            return false;
    }
    if (isUndoable(action) && m_undoWindowMs > 0)
        hold(action, targets, reason);
    else
        send(action, targets, reason);
    return true;
}

void DispatcherActions::hold(Action action, const QList<Target> &targets, const QString &reason)
{
    HeldCommand held{m_nextHeldId++, action, targets, reason, new QTimer(this)};
    held.timer->setSingleShot(true);
    held.timer->setInterval(m_undoWindowMs);
    connect(held.timer, &QTimer::timeout, this, [this, id = held.id] { release(id); });
    held.timer->start();
    m_held.append(held);
    emit heldChanged();
}

void DispatcherActions::release(quint64 id)
{
    for (qsizetype i = 0; i < m_held.size(); ++i) {
        if (m_held.at(i).id != id)
            continue;
        const HeldCommand held = m_held.takeAt(i);
        held.timer->deleteLater();
        send(held.action, held.targets, held.reason);
        emit heldChanged();
        return;
    }
}

bool DispatcherActions::undoLast()
{
    if (m_held.isEmpty())
        return false;
    const HeldCommand held = m_held.takeLast();
    held.timer->stop();
    held.timer->deleteLater();
    emit heldChanged();
    return true;
}

void DispatcherActions::sendHeld()
{
    if (m_held.isEmpty())
        return;
    const QList<HeldCommand> held = std::exchange(m_held, {});
    for (const HeldCommand &h : held) {
        h.timer->stop();
        h.timer->deleteLater();
        send(h.action, h.targets, h.reason);
    }
    emit heldChanged();
}

QSet<qint64> DispatcherActions::heldMessageIds() const
{
    QSet<qint64> ids;
    for (const HeldCommand &h : m_held) {
        for (const Target &t : h.targets)
            ids.insert(t.messageId);
    }
    return ids;
}

QString DispatcherActions::describeHeld(const HeldCommand &held) const
{
    const int n = int(held.targets.size());
    switch (held.action) {
    case Action::Remove: return n == 1 ? tr("Message removed") : tr("%1 messages removed").arg(n);
    case Action::Reject: return n == 1 ? tr("Message rejected") : tr("%1 messages rejected").arg(n);
    case Action::MoveUp:
    case Action::MoveDown: return n == 1 ? tr("Message moved") : tr("%1 messages moved").arg(n);
    default: return label(held.action);
    }
}

void DispatcherActions::send(Action action, const QList<Target> &targets, const QString &reason)
{
    if (!m_engine)
        return;
    struct Tally
    {
        int pending = 0;
        int succeeded = 0;
        int failed = 0;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = int(targets.size());
    for (const Target &t : targets) {
        Reply<FleetResult> reply = m_engine->execute(t.bannerId, commandFor(action, t, reason));
        reply.then(this, [this, action, t, tally](const FleetResult &result) {
            if (result.ok()) {
                ++tally->succeeded;
            } else {
                ++tally->failed;
                EventLogEntry entry;
                entry.bannerId = t.bannerId;
                entry.callsign = t.callsign;
                entry.atMs = QDateTime::currentMSecsSinceEpoch();
                entry.type = QStringLiteral("console_action_failed");
                entry.severity = EventLogEntry::Severity::Error;
                entry.detail = tr("%1 failed for %2: %3").arg(label(action), describe(action, t), result.error.message());
                qCWarning(lcUi) << entry.detail;
                emit actionFailed(entry);
            }
            if (--tally->pending == 0)
                emit completed(action, tally->succeeded, tally->failed);
        });
    }
}

BannerCommand DispatcherActions::commandFor(Action action, const Target &t, const QString &reason)
{
    switch (action) {
    case Action::Approve: return command::Approve{t.messageId};
    case Action::Reject: return command::Reject{t.messageId, reason};
    case Action::ShowNow: return command::ShowNow{t.messageId};
    case Action::Remove: return command::Remove{t.messageId};
    case Action::MoveUp: return command::Move{t.messageId, t.position - 1};
    case Action::MoveDown: return command::Move{t.messageId, t.position + 1};
    case Action::Blank: return command::Blank{};
    case Action::Pause: return command::Pause{};
    case Action::Resume: return command::Resume{};
    }
    Q_UNREACHABLE();
    return command::Pause{};
}

} // namespace airdisplay
