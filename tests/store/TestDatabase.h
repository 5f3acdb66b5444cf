#pragma once

#include "StoreUrl.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

// A fresh, empty database for one test on one backend: a file in a temporary folder for SQLite,
// a schema of its own (dropped afterwards) for PostgreSQL, so runs never see each other's rows.
//
// The PostgreSQL server comes from AIRDISPLAY_TEST_PG_URL (scripts/start-test-postgres.sh sets it).
// Without it the PostgreSQL rows fail, unless AIRDISPLAY_TEST_PG_OPTIONAL=1 lets them skip.
class TestDatabase
{
public:
    // Adds the "backend" column with a row per backend; call from initTestCase_data().
    static void addBackendRows();

    explicit TestDatabase(const QString &backend);
    ~TestDatabase();

    // Empty when the database is usable; otherwise why not.
    QString problem() const { return m_problem; }
    bool skipInsteadOfFail() const { return m_skip; }
    bool isPostgres() const { return m_postgres; }
    // What Store::open takes.
    QString location() const { return m_location; }
    airdisplay::StoreUrl url() const;

private:
    bool m_postgres = false;
    bool m_skip = false;
    QString m_problem;
    QString m_location;
    QString m_schema;
    QString m_serverUrl;
    std::unique_ptr<QTemporaryDir> m_dir;
};

// Opens a TestDatabase named `var` for the current global "backend" row, or fails/skips the test.
#define AIRDISPLAY_TEST_DATABASE(var)                                                                  \
    QFETCH_GLOBAL(QString, backend);                                                                    \
    TestDatabase var(backend);                                                                          \
    if (!var.problem().isEmpty()) {                                                                     \
        if (var.skipInsteadOfFail())                                                                    \
            QSKIP(qPrintable(var.problem()));                                                           \
        QFAIL(qPrintable(var.problem()));                                                               \
    }
