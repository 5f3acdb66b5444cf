#include "Reply.h"
#include "ReplyTarget.h"

#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace airdisplay;

// A receiver that lives on a thread of its own and says when it is gone.
class Receiver : public QObject
{
public:
    explicit Receiver(std::atomic<int> *answers) : m_answers(answers) {}
    void answered(int value)
    {
        last = value;
        answeredOn = QThread::currentThread();
        m_answers->fetch_add(1);
    }
    int last = 0;
    QThread *answeredOn = nullptr;

private:
    std::atomic<int> *m_answers;
};

class tst_Reply : public QObject
{
    Q_OBJECT

private slots:
    void settlesOnceAndAnswersLateContinuations()
    {
        Reply<int> reply;
        QVERIFY(!reply.isFinished());
        QVERIFY(reply.settle(7));
        QVERIFY(!reply.settle(8)); // the first settle wins
        QCOMPARE(reply.result(), 7);
        int seen = 0;
        reply.then([&](int v) { seen = v; }); // attached after settling: runs at once
        QCOMPARE(seen, 7);
    }

    void answersRunOnTheReceiversThread()
    {
        std::atomic<int> answers{0};
        QThread thread;
        thread.start();
        auto *receiver = new Receiver(&answers);
        receiver->moveToThread(&thread);
        Reply<int> reply;
        // then() is called on the receiver's thread, as the API asks.
        QMetaObject::invokeMethod(receiver, [receiver, reply] {
            reply.then(receiver, [receiver](int v) { receiver->answered(v); });
        }, Qt::BlockingQueuedConnection);
        std::thread([reply] { reply.settle(42); }).join();
        QTRY_COMPARE(answers.load(), 1);
        QCOMPARE(receiver->last, 42);
        QCOMPARE(receiver->answeredOn, &thread);
        QMetaObject::invokeMethod(receiver, [receiver] { delete receiver; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    void aDestroyedReceiverIsNeverAnswered()
    {
        std::atomic<int> deadAnswers{0};
        std::atomic<int> liveAnswers{0};
        auto *early = new Receiver(&deadAnswers); // gone before its reply settles
        auto *late = new Receiver(&deadAnswers);  // gone after it settled, before the answer ran
        Receiver live(&liveAnswers);
        Reply<int> toEarly;
        Reply<int> toLate;
        Reply<int> toLive;
        toEarly.then(early, [early](int v) { early->answered(v); });
        toLate.then(late, [late](int v) { late->answered(v); });
        toLive.then(&live, [&live](int v) { live.answered(v); });
        delete early;
        toEarly.settle(1);
        toLate.settle(2);
        delete late;
        toLive.settle(3);
        // Answers to one thread run in the order they were posted: once the live receiver's has
        // run, the others' would have run before it.
        QTRY_COMPARE(liveAnswers.load(), 1);
        QCoreApplication::sendPostedEvents();
        QCOMPARE(deadAnswers.load(), 0);
    }

    void aContinuationAttachedWhileAnotherThreadSettlesRunsOnce()
    {
        // QFuture::then raced with a finishing thread in Qt 6.4; a Reply takes its lock for both.
        constexpr int Replies = 20'000;
        std::vector<Reply<int>> replies(Replies);
        std::atomic<int> ran{0};
        std::atomic<long long> sum{0};
        std::thread settler([&] {
            for (int i = 0; i < Replies; ++i)
                replies[i].settle(i);
        });
        for (int i = 0; i < Replies; ++i) {
            replies[i].then([&](int v) {
                ran.fetch_add(1);
                sum.fetch_add(v);
            });
        }
        settler.join();
        QCOMPARE(ran.load(), Replies);
        QCOMPARE(sum.load(), (long long)Replies * (Replies - 1) / 2);
    }

    void receiversDestroyedWhileAnswersArriveAreSafe()
    {
        // Receivers on a worker thread are deleted there while other threads settle their replies:
        // no answer may run on a deleted receiver (AddressSanitizer watches this one).
        constexpr int Receivers = 200;
        constexpr int RepliesEach = 50;
        std::atomic<int> answers{0};
        QThread thread;
        thread.start();
        std::vector<Reply<int>> replies;
        std::vector<Receiver *> receivers;
        for (int r = 0; r < Receivers; ++r) {
            auto *receiver = new Receiver(&answers);
            receiver->moveToThread(&thread);
            receivers.push_back(receiver);
            QMetaObject::invokeMethod(receiver, [receiver, &replies] {
                for (int i = 0; i < RepliesEach; ++i) {
                    Reply<int> reply;
                    reply.then(receiver, [receiver](int v) { receiver->answered(v); });
                    replies.push_back(reply);
                }
            }, Qt::BlockingQueuedConnection);
        }
        std::thread settler([&] {
            for (const Reply<int> &reply : replies)
                reply.settle(1);
        });
        for (Receiver *receiver : receivers)
            QMetaObject::invokeMethod(receiver, [receiver] { delete receiver; }, Qt::QueuedConnection);
        settler.join();
        // Every receiver is deleted once this runs: the thread handles its events in order.
        auto *marker = new QObject;
        marker->moveToThread(&thread);
        QMetaObject::invokeMethod(marker, [marker] { delete marker; }, Qt::BlockingQueuedConnection);
        QVERIFY(answers.load() <= Receivers * RepliesEach);
        thread.quit();
        thread.wait();
    }

    void aTargetIsSharedByItsReceiversReplies()
    {
        QObject receiver;
        const std::shared_ptr<ReplyTarget> first = ReplyTarget::of(&receiver);
        QCOMPARE(ReplyTarget::of(&receiver), first);
        QCOMPARE(receiver.children().size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Reply)
#include "tst_reply.moc"
