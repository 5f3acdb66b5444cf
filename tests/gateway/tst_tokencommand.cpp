// `airdisplayd token create|list|revoke` (TokenCommand) on a real SQLite file.
#include "Store.h"
#include "TokenCommand.h"
#include "TokenStore.h"

#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

using namespace airdisplay;

class TestTokenCommand : public QObject
{
    Q_OBJECT

private slots:
    void command()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.db"));
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("dispatcher")}, db, out, err), 0);
        out.flush();
        QVERIFY(outText.startsWith(QStringLiteral("adt_")));
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("pilot")}, db, out, err), 2);
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("device")}, db, out, err), 1);
        // Only a device token is bound to a banner.
        QCOMPARE(TokenCommand::run({QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("viewer"),
                                    QStringLiteral("--banner"), QStringLiteral("7")},
                                   db, out, err),
                 1);
        err.flush();
        QVERIFY2(errText.contains(QStringLiteral("other roles take none")), qPrintable(errText));
        // A device token only for a registered banner, as over REST.
        const QStringList device7 = {QStringLiteral("create"), QStringLiteral("--role"), QStringLiteral("device"),
                                     QStringLiteral("--banner"), QStringLiteral("7")};
        QCOMPARE(TokenCommand::run(device7, db, out, err), 1);
        err.flush();
        QVERIFY2(errText.contains(QStringLiteral("banner 7 is not registered")), qPrintable(errText));
        {
            Store store;
            QVERIFY(!store.open(db).isError());
            WriteBatch batch;
            batch.registerBanner({7, QStringLiteral("AD-7"), 0});
            QVERIFY(store.write(std::move(batch)).ok());
        }
        QCOMPARE(TokenCommand::run(device7, db, out, err), 0);
        outText.clear();
        QCOMPARE(TokenCommand::run({QStringLiteral("list")}, db, out, err), 0);
        out.flush();
        // The roles as stored, one line per token after the header.
        QVERIFY2(outText.contains(QStringLiteral("\tdispatcher\t-\t")) && outText.contains(QStringLiteral("\tdevice\t7\t")),
                 qPrintable(outText));
        QCOMPARE(TokenCommand::run({QStringLiteral("revoke"), QStringLiteral("1")}, db, out, err), 0);
        QCOMPARE(TokenCommand::run({QStringLiteral("revoke"), QStringLiteral("1")}, db, out, err), 1);
        QCOMPARE(TokenCommand::run({QStringLiteral("frobnicate")}, db, out, err), 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenCommand)
#include "tst_tokencommand.moc"
