#include "WriteCompleter.h"

#include "StoreLogging.h"


namespace airdisplay {

WriteCompleter::~WriteCompleter()
{
    stop();
}

void WriteCompleter::start()
{
    m_thread.start([this] { run(); });
}

void WriteCompleter::stop()
{
    m_thread.stop();
}

void WriteCompleter::post(std::vector<Answer> group)
{
    std::unique_lock locker(m_thread.mutex());
    m_groups.push_back(std::move(group));
    // The thread only sleeps on an empty queue: one wake-up per burst of groups.
    if (m_groups.size() == 1)
        m_thread.wake();
}

bool WriteCompleter::isCompleterThread() const
{
    return m_thread.isCurrentThread();
}

void WriteCompleter::answerOne(Answer &answer)
{
    // A callback that throws must not end the process (the exception would leave this thread) nor
    // keep the callers after it from their answers; what it left undone is its own to report.
    try {
        answer.done(std::move(answer.result));
    } catch (const std::exception &e) {
        qCCritical(lcStore) << "a write callback threw:" << e.what();
    } catch (...) {
        qCCritical(lcStore) << "a write callback threw a non-standard exception";
    }
}

void WriteCompleter::run()
{
    for (;;) {
        std::deque<std::vector<Answer>> groups;
        {
            std::unique_lock locker(m_thread.mutex());
            m_thread.condition().wait(locker, [this] { return !m_groups.empty() || m_thread.stopping(); });
            if (m_groups.empty())
                return; // stopping, and everything posted was answered
            groups.swap(m_groups);
        }
        for (std::vector<Answer> &group : groups) {
            for (Answer &answer : group) {
                if (answer.done)
                    answerOne(answer);
            }
        }
        // The batches and callbacks are freed here, after every answer of the burst went out.
    }
}

} // namespace airdisplay
