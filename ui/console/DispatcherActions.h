#pragma once

#include "BannerCommand.h"
#include "EventLogEntry.h"

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

class QWidget;

namespace airdisplay {

class FleetEngine;

// The dispatcher's commands on messages and banners, shared by the queue view and the banner panel:
// picks the targets an action applies to, asks for confirmation where it is needed, sends the
// commands and reports how they went. Nothing here waits: answers come back through futures.
class DispatcherActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { Approve, Reject, Remove, MoveUp, MoveDown, Blank, Pause, Resume };
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

    explicit DispatcherActions(QObject *parent = nullptr);

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
    static BannerCommand commandFor(Action action, const Target &target);

    // Confirms if needed (a dialog over parent), then sends. False if nothing was sent.
    bool run(Action action, const QList<Target> &targets, QWidget *parent);

signals:
    void engineChanged();
    void completed(airdisplay::DispatcherActions::Action action, int succeeded, int failed);
    void actionFailed(const airdisplay::EventLogEntry &entry);

private:
    QString describe(Action action, const Target &target) const;

    FleetEngine *m_engine = nullptr;
};

} // namespace airdisplay
