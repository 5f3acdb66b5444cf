#include "Mailbox.h"

#include <QtTest>

#include <memory>
#include <thread>
#include <vector>

using namespace airdisplay;

namespace {
struct Item : MailboxNode
{
    int producer = 0;
    int seq = 0;
};
} // namespace

class tst_Mailbox : public QObject
{
    Q_OBJECT

private slots:
    void emptyQueue()
    {
        Mailbox box;
        QVERIFY(box.isEmpty());
        QCOMPARE(box.pop(), nullptr);
        QCOMPARE(box.depth(), 0u);
    }

    void fifoFromOneProducer()
    {
        Mailbox box;
        auto items = std::make_unique<Item[]>(10);
        for (int i = 0; i < 10; ++i) {
            items[i].seq = i;
            box.push(&items[i]);
        }
        QCOMPARE(box.depth(), 10u);
        QVERIFY(!box.isEmpty());
        for (int i = 0; i < 10; ++i) {
            auto *item = static_cast<Item *>(box.pop());
            QVERIFY(item);
            QCOMPARE(item->seq, i);
        }
        QCOMPARE(box.pop(), nullptr);
        QVERIFY(box.isEmpty());
        QCOMPARE(box.depth(), 0u);
        // Reusable after it ran dry (the stub goes back in).
        box.push(&items[3]);
        QCOMPARE(static_cast<Item *>(box.pop())->seq, 3);
        QVERIFY(box.isEmpty());
    }

    // Every item pushed by several producers is popped exactly once, in each producer's order.
    void manyProducersOneConsumer()
    {
        constexpr int Producers = 4;
        constexpr int PerProducer = 100'000;
        Mailbox box;
        std::vector<std::unique_ptr<Item[]>> items;
        for (int p = 0; p < Producers; ++p)
            items.push_back(std::make_unique<Item[]>(PerProducer));
        std::vector<std::thread> threads;
        for (int p = 0; p < Producers; ++p) {
            threads.emplace_back([&, p] {
                for (int i = 0; i < PerProducer; ++i) {
                    items[p][i].producer = p;
                    items[p][i].seq = i;
                    box.push(&items[p][i]);
                }
            });
        }
        std::vector<int> next(Producers, 0);
        int received = 0;
        bool ordered = true;
        while (received < Producers * PerProducer) {
            auto *item = static_cast<Item *>(box.pop());
            if (!item) {
                std::this_thread::yield();
                continue;
            }
            if (item->seq != next[item->producer])
                ordered = false;
            next[item->producer] = item->seq + 1;
            ++received;
        }
        for (auto &t : threads)
            t.join();
        QVERIFY(ordered);
        for (int p = 0; p < Producers; ++p)
            QCOMPARE(next[p], PerProducer);
        QCOMPARE(box.pop(), nullptr);
        QVERIFY(box.isEmpty());
        QCOMPARE(box.depth(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_Mailbox)
#include "tst_mailbox.moc"
