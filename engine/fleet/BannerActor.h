#pragma once

#include "Actor.h"
#include "BannerChange.h"
#include "BannerCommand.h"
#include "BannerQueue.h"
#include "FleetContext.h"
#include "FleetResult.h"
#include "Reply.h"

#include <atomic>
#include <memory>
#include <optional>

namespace airdisplay {

// One banner as a virtual actor. It loads its state when activated, runs every command through the
// BannerQueue state machine, and writes the new state, its events, reminder changes and message
// receipts in one store batch. The caller is answered, the events published and the device told
// only once that batch committed; later commands run meanwhile on the uncommitted state, and their
// batches follow in order (each expects the version the previous one wrote).
class BannerActor final : public Actor
{
public:
    static QString actorTypeName() { return QStringLiteral("banner"); }

    explicit BannerActor(FleetContext *context);

    // Every command of the protocol and the console; author: see BannerQueue::execute.
    void execute(const BannerCommand &command, const QString &author, const Reply<FleetResult> &reply);
    // The device link, which the engine attaches and detaches (not commands a client sends).
    void deviceConnected(std::optional<qint64> showing, const Reply<FleetResult> &reply);
    void deviceDisconnected(const Reply<FleetResult> &reply);
    void reminderDue(const QString &name);

    // A batch of this activation failed: everything after it was built on state that never
    // committed, so the activation is dropped and the next message reloads what did commit.
    void discardAfterFailedCommit(quint64 activation);

    // The state once every change made so far has committed: a reader never sees a change that may
    // still fail. Empty for an unregistered banner or after a failed commit.
    void state(const Reply<std::optional<BannerState>> &reply) const;

protected:
    void onActivate() override;
    bool canDeactivate() const override;

private:
    template<typename Fn>
    void run(Fn &&command, const Reply<FleetResult> &reply);
    void commit(BannerChange change, const Reply<FleetResult> &reply);

    FleetContext *m_context;
    std::unique_ptr<BannerQueue> m_queue; // null: the banner is not registered
    qint64 m_version = 0;                 // the version the last batch of this activation writes
    quint64 m_activation = 0;
    bool m_discarded = false;
    // Batches submitted and not yet answered by the store; shared with their callbacks.
    std::shared_ptr<std::atomic<int>> m_inFlight = std::make_shared<std::atomic<int>>(0);
    // The latest batch's completion: batches commit in order, so it settles last. Readers wait on
    // it (a Reply takes only one continuation, and the command's asker holds the batch's).
    struct Completion;
    std::shared_ptr<Completion> m_lastBatch;
};

} // namespace airdisplay
