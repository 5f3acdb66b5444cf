#include "ServiceThread.h"

#include <QThread>

namespace airdisplay {

ServiceThread::ServiceThread(QString name) : m_name(std::move(name)) {}

ServiceThread::~ServiceThread()
{
    stop();
}

bool ServiceThread::start(std::function<void()> loop)
{
    if (m_thread.joinable())
        return false;
    {
        std::lock_guard locker(m_mutex);
        m_stopping = false;
    }
    m_thread = std::thread([this, loop = std::move(loop)] {
        QThread::currentThread()->setObjectName(m_name);
        m_threadId.store(std::this_thread::get_id(), std::memory_order_release);
        loop();
        m_threadId.store(std::thread::id(), std::memory_order_release);
    });
    return true;
}

bool ServiceThread::startPeriodic(std::chrono::milliseconds interval, bool passAtStart, std::function<void()> pass)
{
    return start([this, interval, passAtStart, pass = std::move(pass)] {
        std::unique_lock locker(m_mutex);
        if (passAtStart && !m_stopping) {
            locker.unlock();
            pass();
            locker.lock();
        }
        while (!m_stopping) {
            m_wake.wait_for(locker, interval, [this] { return m_stopping; });
            if (m_stopping)
                break;
            locker.unlock();
            pass();
            locker.lock();
        }
    });
}

void ServiceThread::stop(const std::function<void()> &interrupt)
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard locker(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (interrupt)
        interrupt();
    m_thread.join();
}

} // namespace airdisplay
