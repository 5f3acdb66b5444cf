#include "ActorTable.h"

#include <QtTest>

#include <map>
#include <memory>
#include <random>

using namespace airdisplay;

namespace {
struct Keyed
{
    ActorKey k;
    ActorKey key() const { return k; }
};
} // namespace

class tst_ActorTable : public QObject
{
    Q_OBJECT

private slots:
    // Random inserts and removals, checked against std::map after every step: exercises growth,
    // probe runs that wrap around the end, and backward-shift deletion.
    void matchesAReferenceMap()
    {
        ActorTable<Keyed> table;
        std::map<std::pair<int, quint64>, std::unique_ptr<Keyed>> reference;
        std::mt19937_64 rng(12345);
        for (int step = 0; step < 200'000; ++step) {
            const ActorTypeId type = ActorTypeId(1 + rng() % 3);
            const ActorId id = rng() % 5000;
            const auto k = std::make_pair(int(type), id);
            if (rng() % 3 == 0) {
                const bool present = reference.count(k) > 0;
                QCOMPARE(table.remove({type, id}), present);
                reference.erase(k);
            } else if (!reference.count(k)) {
                auto actor = std::make_unique<Keyed>(Keyed{{type, id}});
                table.insert(actor.get());
                reference.emplace(k, std::move(actor));
            }
            if (step % 1000 == 0) {
                QCOMPARE(table.size(), qsizetype(reference.size()));
                for (const auto &[key, actor] : reference)
                    QCOMPARE(table.find({ActorTypeId(key.first), key.second}), actor.get());
            }
        }
        for (const auto &[key, actor] : reference)
            QCOMPARE(table.find({ActorTypeId(key.first), key.second}), actor.get());
        QCOMPARE(table.find({9, 9}), nullptr);
        int visited = 0;
        table.forEach([&](Keyed *) { ++visited; });
        QCOMPARE(visited, int(reference.size()));
    }
};

QTEST_GUILESS_MAIN(tst_ActorTable)
#include "tst_actortable.moc"
