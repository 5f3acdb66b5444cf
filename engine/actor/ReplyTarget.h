#pragma once

#include "TsanAnnotations.h"

#include <QMetaObject>
#include <QObject>

#include <memory>
#include <mutex>

namespace airdisplay {

// Where answers to one QObject go: its thread, for as long as it exists.
//
// A reply may settle on any thread at any time, also while its receiver is being destroyed on its
// own. Posting to a QObject from another thread is only safe while it cannot be destroyed, so the
// target holds the receiver's address under a lock and drops it when the receiver is destroyed
// (a child object of the receiver, deleted with it, tells it). After that nothing is posted, and
// what was posted before is discarded by ~QObject with the receiver's other posted events, so an
// answer never runs on a receiver that is gone. QFuture::then(context, ...) asserts in that case
// in Qt 6.4 (qfuture_impl.h:596).
//
// A receiver whose destructor runs its thread's event loop (a nested QEventLoop, processEvents)
// could still be handed an answer between its own destructor and QObject's: don't.
class ReplyTarget final
{
public:
    // On the receiver's thread (it may add a child to the receiver). One target per receiver,
    // made on first use.
    static std::shared_ptr<ReplyTarget> of(QObject *receiver);

    // Any thread: runs fn on the receiver's thread unless the receiver is destroyed first.
    template <typename Fn>
    void post(Fn &&fn)
    {
        std::lock_guard lock(m_mutex);
        if (!m_receiver)
            return;
        // The answer crosses threads through Qt's event queue, which ThreadSanitizer cannot see.
        // The target outlives every answer that runs (its receiver's child owns it).
        auto run = [this, fn = std::forward<Fn>(fn)]() mutable {
            AIRDISPLAY_TSAN_ACQUIRE(this);
            fn();
        };
        AIRDISPLAY_TSAN_RELEASE(this);
        QMetaObject::invokeMethod(m_receiver, std::move(run), Qt::QueuedConnection);
    }

    explicit ReplyTarget(QObject *receiver) : m_receiver(receiver) {}
    ReplyTarget(const ReplyTarget &) = delete;
    ReplyTarget &operator=(const ReplyTarget &) = delete;

private:
    friend class ReplyTargetAnchor;
    void receiverDestroyed();

    std::mutex m_mutex;
    QObject *m_receiver;
};

} // namespace airdisplay
