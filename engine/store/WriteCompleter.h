#pragma once

#include "ServiceThread.h"
#include "WriteBatch.h"
#include "WriteResult.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace airdisplay {

// Answers committed groups on a thread of its own, so the writer goes on to the next transaction
// while the callers of the last one are answered. Completing callers (their futures, the actors'
// continuations, publishing their events) and freeing their batches took 25 points of the 63% of
// CPU the writer used in bench_fleet, and every submission that queued meanwhile waited for it
// before its own commit could start.
//
// Groups are answered in the order they were posted (commit order), each batch's callback in
// submission order, so callers still see commits in order. The batches are freed here too.
class WriteCompleter
{
public:
    struct Answer
    {
        WriteBatch batch; // kept only to be freed here, not on the writer
        WriteCallback done;
        WriteResult result;
    };

    WriteCompleter() = default;
    ~WriteCompleter();
    WriteCompleter(const WriteCompleter &) = delete;
    WriteCompleter &operator=(const WriteCompleter &) = delete;

    void start();
    // Answers everything posted so far, then joins the thread.
    void stop();

    void post(std::vector<Answer> group);
    bool isCompleterThread() const;

private:
    void run();
    static void answerOne(Answer &answer);

    ServiceThread m_thread{QStringLiteral("airdisplay-store-completer")};
    // Standard primitives, as in GroupCommitter: ThreadSanitizer sees through them.
    std::deque<std::vector<Answer>> m_groups; // under m_thread.mutex()
};

} // namespace airdisplay
