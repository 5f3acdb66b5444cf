#include "EventLogModel.h"
#include "MessageQueueModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace airdisplay;

class tst_ConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void queueModel()
    {
        MessageQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
    }
    void eventLog()
    {
        EventLogModel model(10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_ConsoleModels)
#include "tst_consolemodels.moc"
