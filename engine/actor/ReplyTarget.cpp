#include "ReplyTarget.h"

#include <QThread>

namespace airdisplay {

namespace {

const QString kAnchorName = QStringLiteral("airdisplay-reply-target");

} // namespace

// The receiver's child that owns its ReplyTarget: ~QObject deletes children before it discards
// the receiver's posted events, so once this is gone nothing new is posted and nothing old is run.
class ReplyTargetAnchor final : public QObject
{
public:
    ReplyTargetAnchor(QObject *receiver) : m_target(std::make_shared<ReplyTarget>(receiver))
    {
        setObjectName(kAnchorName);
        setParent(receiver);
    }
    ~ReplyTargetAnchor() override { m_target->receiverDestroyed(); }

    const std::shared_ptr<ReplyTarget> &target() const { return m_target; }

private:
    std::shared_ptr<ReplyTarget> m_target;
};

std::shared_ptr<ReplyTarget> ReplyTarget::of(QObject *receiver)
{
    Q_ASSERT_X(receiver->thread() == QThread::currentThread(), "ReplyTarget::of",
               "answers are attached on the receiver's thread");
    auto *anchor = static_cast<ReplyTargetAnchor *>(
        receiver->findChild<QObject *>(kAnchorName, Qt::FindDirectChildrenOnly));
    if (!anchor)
        anchor = new ReplyTargetAnchor(receiver);
    return anchor->target();
}

void ReplyTarget::receiverDestroyed()
{
    std::lock_guard lock(m_mutex);
    m_receiver = nullptr;
}

} // namespace airdisplay
