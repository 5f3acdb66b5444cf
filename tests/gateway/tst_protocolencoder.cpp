// ProtocolEncoder's frames that carry configuration: what a client learns from them must be the
// policy the engine was given, not a copy of the defaults.
#include "ProtocolEncoder.h"

#include <QtTest>

using namespace airdisplay;

class tst_ProtocolEncoder : public QObject
{
    Q_OBJECT

private slots:
    void welcomeCarriesThePolicyLimits()
    {
        FleetPolicy policy;
        policy.maxTextLength = 140;
        policy.queueLimit = 3;
        const QJsonObject w = ProtocolEncoder::welcome(QJsonValue(7), QStringLiteral("operator"), 0, policy);
        QCOMPARE(w.value(QLatin1String("type")).toString(), QStringLiteral("welcome"));
        QCOMPARE(w.value(QLatin1String("protocol")).toInt(), ProtocolEncoder::kProtocolVersion);
        QCOMPARE(w.value(QLatin1String("id")).toInt(), 7);
        QVERIFY(!w.contains(QLatin1String("bannerId")));
        const QJsonObject limits = w.value(QLatin1String("limits")).toObject();
        QCOMPARE(limits.value(QLatin1String("textMaxCharacters")).toInt(), 140);
        QCOMPARE(limits.value(QLatin1String("queueLimit")).toInt(), 3);
    }

    void welcomeOfADeviceNamesItsBanner()
    {
        const QJsonObject w = ProtocolEncoder::welcome(QJsonValue(), QStringLiteral("device"), 42, FleetPolicy{});
        QCOMPARE(w.value(QLatin1String("bannerId")).toInt(), 42);
        QVERIFY(!w.contains(QLatin1String("id")));
        QCOMPARE(w.value(QLatin1String("limits")).toObject().value(QLatin1String("textMaxCharacters")).toInt(),
                 FleetPolicy{}.maxTextLength);
    }
};

QTEST_GUILESS_MAIN(tst_ProtocolEncoder)
#include "tst_protocolencoder.moc"
