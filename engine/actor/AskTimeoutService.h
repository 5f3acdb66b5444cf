#pragma once

#include "AskState.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <chrono>
#include <memory>
#include <queue>
#include <vector>

namespace airdisplay {

// Fails asks that were not answered in time. It runs on its own thread so that a timeout fires
// even while the target actor's worker is busy in a long turn, and needs no event loop on the
// asker's side.
class AskTimeoutService final : public QThread
{
public:
    AskTimeoutService();
    ~AskTimeoutService() override;

    void add(std::chrono::steady_clock::time_point deadline, std::shared_ptr<AskStateBase> state);
    void stop();

protected:
    void run() override;

private:
    struct Entry
    {
        std::chrono::steady_clock::time_point deadline;
        std::shared_ptr<AskStateBase> state;
        bool operator>(const Entry &o) const { return deadline > o.deadline; }
    };

    QMutex m_mutex;
    QWaitCondition m_changed;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_entries;
    bool m_stopping = false;
};

} // namespace airdisplay
