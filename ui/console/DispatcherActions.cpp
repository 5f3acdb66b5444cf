#include "DispatcherActions.h"

#include "ActionConfirmationDialog.h"
#include "ConsoleLogging.h"
#include "EnumNames.h"
#include "FleetEngine.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <memory>

namespace airdisplay {

DispatcherActions::DispatcherActions(QObject *parent) : QObject(parent) {}

void DispatcherActions::setEngine(FleetEngine *engine)
{
    if (m_engine == engine)
        return;
    m_engine = engine;
    emit engineChanged();
}

QString DispatcherActions::label(Action action)
{
    switch (action) {
    case Action::Approve: return tr("Approve");
    case Action::Reject: return tr("Reject");
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
    return targetCount > 1 || action == Action::Reject || action == Action::Remove || action == Action::Blank;
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
    if (needsConfirmation(action, int(targets.size()))) {
        QStringList lines;
        for (const Target &t : targets)
            lines.append(describe(action, t));
        // Spelled out for one and for many: without a translation loaded, %n leaves "message(s)".
        const int n = int(targets.size());
        const QString question = actsOnBanners(action)
            ? (n == 1 ? tr("%1 this banner?").arg(label(action)) : tr("%1 these %2 banners?").arg(label(action)).arg(n))
            : (n == 1 ? tr("%1 this message?").arg(label(action)) : tr("%1 these %2 messages?").arg(label(action)).arg(n));
        ActionConfirmationDialog dialog(label(action), question, lines, parent);
        if (dialog.exec() != QDialog::Accepted)
            return false;
    }

    struct Tally
    {
        int pending = 0;
        int succeeded = 0;
        int failed = 0;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = int(targets.size());
    for (const Target &t : targets) {
        Reply<FleetResult> reply = m_engine->execute(t.bannerId, commandFor(action, t));
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
    return true;
}

BannerCommand DispatcherActions::commandFor(Action action, const Target &t)
{
    switch (action) {
    case Action::Approve: return command::Approve{t.messageId};
    case Action::Reject: return command::Reject{t.messageId};
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
