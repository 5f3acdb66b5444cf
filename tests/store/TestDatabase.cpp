#include "TestDatabase.h"

#include "ConnectionFactory.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace airdisplay;

void TestDatabase::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

TestDatabase::TestDatabase(const QString &backend) : m_postgres(backend == QLatin1String("postgres"))
{
    if (!m_postgres) {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            m_problem = QStringLiteral("cannot create a temporary folder: ") + m_dir->errorString();
        m_location = m_dir->filePath(QStringLiteral("airdisplay.db"));
        return;
    }
    m_serverUrl = qEnvironmentVariable("AIRDISPLAY_TEST_PG_URL");
    if (m_serverUrl.isEmpty()) {
        m_skip = qEnvironmentVariableIntValue("AIRDISPLAY_TEST_PG_OPTIONAL") == 1;
        m_problem = QStringLiteral("AIRDISPLAY_TEST_PG_URL is not set, so the PostgreSQL half of the store suite "
                                   "cannot run. Start a server with: eval \"$(bash scripts/start-test-postgres.sh)\" "
                                   "(or set AIRDISPLAY_TEST_PG_OPTIONAL=1 to skip these rows).");
        return;
    }
    m_schema = QStringLiteral("t_%1_%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(QRandomGenerator::global()->generate64(), 0, 16);
    m_location = m_serverUrl + (m_serverUrl.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?'))
            + QStringLiteral("schema=") + m_schema;
    if (!StoreUrl::parse(m_location))
        m_problem = StoreUrl::parse(m_location).error().message();
}

TestDatabase::~TestDatabase()
{
    if (!m_postgres || m_schema.isEmpty() || !m_problem.isEmpty())
        return;
    auto server = StoreUrl::parse(m_serverUrl);
    if (!server)
        return;
    const QString name = ConnectionFactory::uniqueName(QStringLiteral("test-cleanup"));
    {
        auto db = ConnectionFactory::open(*server, {}, name, ConnectionFactory::Role::Reader);
        if (db) {
            QSqlQuery drop(*db);
            drop.exec(QStringLiteral("SET client_min_messages TO warning"));
            if (!drop.exec(QStringLiteral("DROP SCHEMA IF EXISTS \"%1\" CASCADE").arg(m_schema)))
                qWarning() << "could not drop test schema" << m_schema << drop.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
}

StoreUrl TestDatabase::url() const
{
    return StoreUrl::parse(m_location).value();
}
