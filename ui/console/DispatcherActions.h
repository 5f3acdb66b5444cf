#pragma once

#include "BannerCommand.h"
#include "EventLogEntry.h"

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class QTimer;
class QWidget;

namespace airdisplay {

class FleetEngine;

// The dispatcher's commands on messages and banners, shared by the queue view and the banner panel:
// picks the targets an action applies to, asks for confirmation where it is needed, sends the
// commands and reports how they went. Nothing here waits: answers come back through futures.
//
// Remove, move and reject can be undone for a few seconds, as in a mail client: their commands are
// held for undoWindowMs() and sent only then; undoLast() drops the latest held one. What is still
// held when the engine goes (the session or the console closes) is sent first: the dispatcher's
// intent stands. A held command whose message changed meanwhile is sent anyway, and its error is
// reported like any other.
class DispatcherActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { Approve, Reject, ShowNow, Remove, MoveUp, MoveDown, Blank, Pause, Resume };
    Q_ENUM(Action)

    // A message (messageId set) or a banner.
    struct Target
    {
        qint64 bannerId = 0;
        QString callsign;
        qint64 messageId = 0;
        QString text;
        int position = 0; // 0: on the banner; 1..n: waiting
        bool held = false;
        int lastPosition = 0; // the banner's last waiting position: nothing moves down past it
    };

    // A command waiting out its undo window.
    struct HeldCommand
    {
        quint64 id = 0;
        Action action = Action::Remove;
        QList<Target> targets;
        QString reason; // a rejection's
        QTimer *timer = nullptr;
    };

    static constexpr int DefaultUndoWindowMs = 5000;

    explicit DispatcherActions(QObject *parent = nullptr);
    ~DispatcherActions() override;

    void setEngine(FleetEngine *engine);
    FleetEngine *engine() const { return m_engine; }

    // Every action, in the order menus and toolbars show them.
    static QList<Action> all();
    static QString label(Action action);
    static QKeySequence shortcut(Action action);
    static bool actsOnBanners(Action action);
    // The targets the action applies to (approve only held messages, moves only waiting ones, banner
    // actions once per banner), in the order their commands are sent.
    static QList<Target> applicableTargets(Action action, const QList<Target> &targets);
    static bool needsConfirmation(Action action, int targetCount);
    // The engine command the action sends for one of its targets.
    // reason: a rejection's, for the customer.
    static BannerCommand commandFor(Action action, const Target &target, const QString &reason = {});
    static bool isUndoable(Action action);

    // Confirms if needed (a dialog over parent; a rejection asks for its reason), then sends, or
    // holds for the undo window. False if nothing was sent or held.
    bool run(Action action, const QList<Target> &targets, QWidget *parent);

    // 0: undoable commands are sent at once.
    void setUndoWindow(int ms) { m_undoWindowMs = qMax(0, ms); }
    int undoWindow() const { return m_undoWindowMs; }
    const QList<HeldCommand> &heldCommands() const { return m_held; }
    // The messages of held commands: the queue shows them as pending.
    QSet<qint64> heldMessageIds() const;
    // "Message removed", "2 messages rejected": what the latest held command does.
    QString describeHeld(const HeldCommand &held) const;
    // Drops the latest held command unsent. False if nothing was held.
    bool undoLast();
    // Sends every held command now, in the order they were held.
    void sendHeld();

signals:
    void engineChanged();
    void completed(airdisplay::DispatcherActions::Action action, int succeeded, int failed);
    void actionFailed(const airdisplay::EventLogEntry &entry);
    // A command was held, undone or sent after its window.
    void heldChanged();

private:
    QString describe(Action action, const Target &target) const;
    void send(Action action, const QList<Target> &targets, const QString &reason);
    void hold(Action action, const QList<Target> &targets, const QString &reason);
    void release(quint64 id);

    FleetEngine *m_engine = nullptr;
    int m_undoWindowMs = DefaultUndoWindowMs;
    QList<HeldCommand> m_held;
    quint64 m_nextHeldId = 1;
};

} // namespace airdisplay
