#include "AccessPolicy.h"
#include "RateLimiter.h"

#include <QtTest>

using namespace airdisplay;

class TestAccessPolicy : public QObject
{
    Q_OBJECT

private slots:
    // The matrix as documented in docs/protocol.md, row by row: V O D Dev A.
    void matrix()
    {
        const QList<Role> roles{Role::Viewer, Role::Operator, Role::Dispatcher, Role::Device, Role::Admin};
        const QHash<Operation, QByteArray> expected{
            {Operation::ListBanners, "11101"}, {Operation::GetBanner, "11101"},   {Operation::GetReceipt, "11101"},
            {Operation::ReadEvents, "11101"},  {Operation::Subscribe, "11101"},   {Operation::DeviceHello, "00010"},
            {Operation::DeviceTelemetry, "00010"}, {Operation::ReadMetrics, "00001"}, {Operation::RegisterBanners, "00001"},
            {Operation::CreateTokens, "00001"},
        };
        QCOMPARE(expected.size(), kOperationCount);
        for (int o = 0; o < kOperationCount; ++o) {
            const Operation op = Operation(o);
            for (int r = 0; r < roles.size(); ++r)
                QVERIFY2(AccessPolicy::allows(roles[r], op) == (expected.value(op).at(r) == '1'),
                         qPrintable(operationName(op) + QLatin1Char(' ') + roleName(roles[r])));
        }
        // The commands' rows, by name as in docs/protocol.md: each command's issuer decides.
        const QHash<QString, QByteArray> commands{
            {u"submit"_qs, "01101"}, {u"cancel"_qs, "01101"}, {u"remove"_qs, "00101"}, {u"move"_qs, "00101"},
            {u"approve"_qs, "00101"}, {u"reject"_qs, "00101"}, {u"show_now"_qs, "00101"}, {u"blank"_qs, "00101"}, {u"pause"_qs, "00101"},
            {u"resume"_qs, "00101"}, {u"displayed"_qs, "00010"}, {u"blanked"_qs, "00010"},
        };
        QCOMPARE(qsizetype(commands.size()), qsizetype(std::variant_size_v<BannerCommand>));
        Principal principal{1, Role::Viewer, 0, {}};
        for (auto it = commands.cbegin(); it != commands.cend(); ++it) {
            const std::optional<BannerCommand> command = commandFromName(it.key());
            QVERIFY2(command, qPrintable(it.key()));
            for (int r = 0; r < roles.size(); ++r) {
                principal.role = roles[r];
                principal.bannerId = roles[r] == Role::Device ? 3 : 0;
                const bool allowed = !AccessPolicy::check(principal, *command, 3).isError();
                QVERIFY2(allowed == (it.value().at(r) == '1'), qPrintable(it.key() + QLatin1Char(' ') + roleName(roles[r])));
            }
        }
    }

    void deviceIsBoundToItsBanner()
    {
        Principal device{1, Role::Device, 7, {}};
        QVERIFY(!AccessPolicy::check(device, command::Displayed{7}, 7).isError());
        QCOMPARE(AccessPolicy::check(device, command::Displayed{7}, 8).codeName(), QStringLiteral("wrong_banner"));
        QCOMPARE(AccessPolicy::check(device, command::Submit{}, 7).codeName(), QStringLiteral("forbidden"));
        QCOMPARE(AccessPolicy::check(device, command::Submit{}, 7).message(), QStringLiteral("Role device may not submit."));
    }

    void roleNames()
    {
        for (Role r : {Role::Viewer, Role::Operator, Role::Dispatcher, Role::Device, Role::Admin})
            QCOMPARE(roleFromName(roleName(r)), r);
        QVERIFY(!roleFromName(QStringLiteral("root")));
    }

    void tokenBucket()
    {
        RateLimiter limiter(10, 3);
        QVERIFY(limiter.tryAcquire(1, 0));
        QVERIFY(limiter.tryAcquire(1, 0));
        QVERIFY(limiter.tryAcquire(1, 0));
        QVERIFY(!limiter.tryAcquire(1, 0));
        QVERIFY(limiter.tryAcquire(2, 0)); // its own bucket
        QVERIFY(!limiter.tryAcquire(1, 50));
        QVERIFY(limiter.tryAcquire(1, 100)); // 10/s: one back after 100 ms
        limiter.prune(10'000);
        QCOMPARE(limiter.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAccessPolicy)
#include "tst_accesspolicy.moc"
