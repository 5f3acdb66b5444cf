#pragma once

#include "Actor.h"
#include "BannerChange.h"
#include "BannerQueue.h"
#include "FleetContext.h"
#include "FleetResult.h"

#include <QFuture>

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

    QFuture<FleetResult> submit(const QString &text, const QString &author, const QString &requestId);
    QFuture<FleetResult> cancel(qint64 messageId, const QString &author);
    QFuture<FleetResult> remove(qint64 messageId);
    QFuture<FleetResult> move(qint64 messageId, int position);
    QFuture<FleetResult> approve(qint64 messageId);
    QFuture<FleetResult> reject(qint64 messageId);
    QFuture<FleetResult> blank();
    QFuture<FleetResult> pause();
    QFuture<FleetResult> resume();
    QFuture<FleetResult> deviceConnected(std::optional<qint64> showing);
    QFuture<FleetResult> deviceDisconnected();
    QFuture<FleetResult> displayed(qint64 messageId);
    QFuture<FleetResult> deviceBlanked();
    void reminderDue(const QString &name);

    // A batch of this activation failed: everything after it was built on state that never
    // committed, so the activation is dropped and the next message reloads what did commit.
    void discardAfterFailedCommit(quint64 activation);

    // The state once every change made so far has committed: a reader never sees a change that may
    // still fail. Empty for an unregistered banner or after a failed commit.
    QFuture<std::optional<BannerState>> state() const;

protected:
    void onActivate() override;
    bool canDeactivate() const override;

private:
    template<typename Fn>
    QFuture<FleetResult> run(Fn &&command);
    QFuture<FleetResult> commit(BannerChange change);

    FleetContext *m_context;
    std::unique_ptr<BannerQueue> m_queue; // null: the banner is not registered
    qint64 m_version = 0;                 // the version the last batch of this activation writes
    quint64 m_activation = 0;
    bool m_discarded = false;
    // Batches submitted and not yet answered by the store; shared with their callbacks.
    std::shared_ptr<std::atomic<int>> m_inFlight = std::make_shared<std::atomic<int>>(0);
    // The latest batch's completion: batches commit in order, so it settles last. Readers wait on
    // it (a QFuture takes only one continuation, and the ask already holds the batch's future).
    struct Completion;
    std::shared_ptr<Completion> m_lastBatch;
};

} // namespace airdisplay
