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
            {Operation::ReadEvents, "11101"},  {Operation::Subscribe, "11101"},   {Operation::Submit, "01101"},
            {Operation::Cancel, "01101"},      {Operation::Remove, "00101"},      {Operation::Move, "00101"},
            {Operation::Approve, "00101"},     {Operation::Reject, "00101"},      {Operation::Blank, "00101"},
            {Operation::Pause, "00101"},       {Operation::Resume, "00101"},      {Operation::DeviceHello, "00010"},
            {Operation::DeviceTelemetry, "00010"}, {Operation::DeviceDisplayed, "00010"}, {Operation::DeviceBlanked, "00010"},
            {Operation::ReadMetrics, "00001"}, {Operation::RegisterBanners, "00001"}, {Operation::CreateTokens, "00001"},
        };
        QCOMPARE(expected.size(), kOperationCount);
        for (int o = 0; o < kOperationCount; ++o) {
            const Operation op = Operation(o);
            for (int r = 0; r < roles.size(); ++r)
                QVERIFY2(AccessPolicy::allows(roles[r], op) == (expected.value(op).at(r) == '1'),
                         qPrintable(operationName(op) + QLatin1Char(' ') + roleName(roles[r])));
        }
    }

    void deviceIsBoundToItsBanner()
    {
        Principal device{1, Role::Device, 7, {}};
        QVERIFY(!AccessPolicy::check(device, Operation::DeviceDisplayed, 7).isError());
        QCOMPARE(AccessPolicy::check(device, Operation::DeviceDisplayed, 8).codeName(), QStringLiteral("wrong_banner"));
        QCOMPARE(AccessPolicy::check(device, Operation::Submit, 7).codeName(), QStringLiteral("forbidden"));
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
