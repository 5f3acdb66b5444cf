#include "Actor.h"

#include "ActorWorker.h"

namespace airdisplay {

ActorSystem &Actor::system() const
{
    return m_worker->system();
}

TimerId Actor::startActorTimer(std::chrono::milliseconds delay, std::function<void()> fn,
                               std::chrono::milliseconds period)
{
    return m_worker->addTimer(this, delay.count(), period.count(), std::move(fn));
}

bool Actor::cancelActorTimer(TimerId id)
{
    return m_worker->cancelTimer(id);
}

} // namespace airdisplay
