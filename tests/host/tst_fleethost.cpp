#include "FleetEngine.h"
#include "FleetHost.h"
#include "FleetIndex.h"
#include "Gateway.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace airdisplay;

// The one host of airdisplay and airdisplayd: start, the demo, and the one shutdown order.
class tst_FleetHost : public QObject
{
    Q_OBJECT

    static int httpStatus(quint16 port, const QString &path)
    {
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10'000))
            return -1;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        delete reply;
        return status;
    }

private slots:
    void startsTheEngineTheGatewayAndTheDemoAndStopsThemInOrder()
    {
        QTemporaryDir dir;
        GatewayOptions gateway;
        gateway.address = QHostAddress::LocalHost;
        gateway.port = 0;
        FleetHost host({dir.filePath(QStringLiteral("fleet.sqlite")), {}, gateway});
        QSignalSpy flying(&host, &FleetHost::demoFlying);
        QSignalSpy registering(&host, &FleetHost::demoRegistering);
        const FleetError error = host.start();
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(host.engine().isOpen());
        QVERIFY(!host.gatewayError().isError());
        QVERIFY(host.gateway());
        const quint16 port = host.gateway()->port();
        QCOMPARE(httpStatus(port, QStringLiteral("/healthz")), 200);

        host.startDemo(25);
        QVERIFY(flying.wait(30'000));
        QCOMPARE(flying.first().first().toInt(), 25);
        QVERIFY(!registering.isEmpty());
        QCOMPARE(host.engine().fleetIndex().size(), 25);
        // Devices connect and customers' messages reach the banners while it flies.
        QTRY_VERIFY_WITH_TIMEOUT(host.engine().metrics().connectedDevices == 25, 20'000);

        host.stop();
        QVERIFY(!host.engine().isOpen());
        QVERIFY(!host.gateway());
        // Nobody listens on the port any more: the connection is refused (status 0, no answer).
        QCOMPARE(httpStatus(port, QStringLiteral("/healthz")), 0);
        host.stop(); // idempotent
    }

    void aFleetThatDoesNotOpenIsAnErrorAndServesNothing()
    {
        QTemporaryDir dir;
        GatewayOptions gateway;
        gateway.port = 0;
        // A directory is not a database.
        FleetHost host({dir.path(), {}, gateway});
        const FleetError error = host.start();
        QVERIFY(error.isError());
        QVERIFY(!error.message().isEmpty());
        QVERIFY(!host.engine().isOpen());
        QVERIFY(!host.gateway());
    }

    void aGatewayThatCannotListenLeavesTheFleetRunning()
    {
        QTemporaryDir dir;
        GatewayOptions first;
        first.port = 0;
        FleetHost holder({dir.filePath(QStringLiteral("a.sqlite")), {}, first});
        QVERIFY(!holder.start().isError());
        GatewayOptions taken;
        taken.port = holder.gateway()->port();
        FleetHost host({dir.filePath(QStringLiteral("b.sqlite")), {}, taken});
        QVERIFY(!host.start().isError());
        QVERIFY(host.engine().isOpen());
        QVERIFY(!host.gateway());
        QVERIFY2(host.gatewayError().isError(), "the reason is kept for the console's status");
        QCOMPARE(host.gatewayError().code(), Error::Code::Unavailable);
        QVERIFY(!host.gatewayError().message().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_FleetHost)
#include "tst_fleethost.moc"
