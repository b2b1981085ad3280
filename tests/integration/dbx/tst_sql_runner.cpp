// SqlRunner on SQLite and PostgreSQL: a script run whole, by selection and by cursor; one result
// per statement with rows, rows affected and duration; the row bound; a syntax error on line 3
// placed at its line and column; a long query cancelled within a second; EXPLAIN trees (the
// slowest node flagged under ANALYZE, which changes nothing); the history written as it runs.
#include "dbx/query_worker_p.h"
#include "dbx/sql_history.h"
#include "dbx/sql_runner.h"
#include "store_test_support.h"
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace bb;
using namespace bb::dbx;

#define OPEN(backend)                                                                              \
    do {                                                                                           \
        if (!setUp(backend)) {                                                                     \
            if (!m_backend->skipReason().isEmpty())                                                \
                QSKIP(qPrintable(m_backend->skipReason()));                                        \
            QFAIL(qPrintable(                                                                      \
                QStringLiteral("setting up %1 failed: %2").arg(backend, m_backend->error())));     \
        }                                                                                          \
    } while (false)

namespace {

QString mysqlSkipReason()
{
    QString reason = QStringLiteral("BB_TEST_MYSQL_URL is not set");
    if (const QString why = qEnvironmentVariable("BB_TEST_MYSQL_SKIP"); !why.isEmpty())
        reason += QStringLiteral(" (BB_TEST_MYSQL_SKIP: %1)").arg(why);
    return reason;
}

struct Run {
    QList<SqlResult> results;
    RunSummary summary;
    qint64 ms = 0;
};

// Waits for the run the runner just started (spies made before it started).
bool finish(QSignalSpy &results, QSignalSpy &finished, Run &run, int ms = 20000)
{
    QElapsedTimer t;
    t.start();
    if (finished.isEmpty() && !finished.wait(ms))
        return false;
    run.ms = t.elapsed();
    for (const auto &args : results)
        run.results << args.at(0).value<SqlResult>();
    run.summary = finished.at(0).at(0).value<RunSummary>();
    return true;
}

} // namespace

class TestSqlRunner : public QObject {
    Q_OBJECT
    std::unique_ptr<store::test::TestBackend> m_backend;
    bool m_pg = false;
    bool m_mysql = false;
    QString m_suffix; ///< MySQL shares one test database: tables get this process's suffix
    QString m_error;

    bool setUp(const QString &backend)
    {
        m_backend = std::make_unique<store::test::TestBackend>();
        m_pg = backend == QLatin1String("postgres");
        m_mysql = backend == QLatin1String("mysql");
        m_suffix =
            m_mysql ? QStringLiteral("_d2r%1").arg(QCoreApplication::applicationPid()) : QString();
        if (!m_mysql) {
            m_error = m_backend->error();
            return m_backend->open(backend) || (m_error = m_backend->error(), false);
        }
        auto db = store::Database::open(qEnvironmentVariable("BB_TEST_MYSQL_URL"));
        if (!db) {
            m_error = db.error().message;
            return false;
        }
        m_backend->adopt(*db);
        dropMysqlTables();
        return true;
    }

    // {t} {users} {posts}: the test's own table names.
    QString sql(QString text) const
    {
        for (const char *t : {"t", "users", "posts"})
            text.replace(QStringLiteral("{%1}").arg(QLatin1String(t)), QLatin1String(t) + m_suffix);
        return text;
    }
    bool run(const QString &text) { return m_backend->run(sql(text)); }
    QVariant value(const QString &text) { return m_backend->value(sql(text)); }
    void dropMysqlTables() { run(QStringLiteral("DROP TABLE IF EXISTS {t}, {users}, {posts}")); }

    Run runScript(SqlRunner &runner, const std::function<void()> &start)
    {
        QSignalSpy results(&runner, &SqlRunner::resultReady);
        QSignalSpy finished(&runner, &SqlRunner::finished);
        start();
        Run run;
        if (!finish(results, finished, run))
            qWarning("the run did not finish");
        return run;
    }

    static void backends()
    {
        store::test::addBackendColumn();
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
        QTest::newRow("mysql") << QStringLiteral("mysql");
    }

private slots:
    void cleanup()
    {
        if (m_mysql && m_backend)
            dropMysqlTables();
        m_backend.reset();
        m_mysql = false;
    }

    void runsAllStatements_data() { backends(); }
    void runsAllStatements()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        SqlRunner runner(m_backend->shared());
        const QString script = sql(
            QStringLiteral("CREATE TABLE {t} (id INTEGER PRIMARY KEY, name TEXT);\n"
                           "INSERT INTO {t} (id, name) VALUES (1, 'a'), (2, 'b;c'), (3, NULL);\n"
                           "-- a comment between\n"
                           "SELECT id, name FROM {t} ORDER BY id;\n"
                           "UPDATE {t} SET name = 'z' WHERE id > 1"));
        Run run = runScript(runner, [&] { QCOMPARE(runner.runAll(script).size(), 4); });
        QCOMPARE(run.summary.statements, 4);
        QCOMPARE(run.summary.executed, 4);
        QCOMPARE(run.summary.failed, 0);
        QVERIFY(!run.summary.cancelled);
        QCOMPARE(run.results.size(), 4);
        QVERIFY(run.results[0].ok);
        QVERIFY(run.results[0].changesSchema);
        QCOMPARE(run.results[1].rowsAffected, qint64(3));
        const SqlResult &select = run.results[2];
        QVERIFY(select.isSelect);
        QCOMPARE(select.columns, (QStringList{"id", "name"}));
        QCOMPARE(select.rows.size(), 3);
        QCOMPARE(select.rows[1].at(1).toString(), QStringLiteral("b;c"));
        QVERIFY(select.rows[2].at(1).isNull());
        QVERIFY(!select.more);
        QCOMPARE(select.source.line, 3); // the comment above it belongs to it
        QVERIFY(select.durationMs >= 0);
        QCOMPARE(run.results[3].rowsAffected, qint64(2));
        QCOMPARE(run.results[3].index, 3);
    }

    void boundsRows_data() { backends(); }
    void boundsRows()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        RunnerOptions o;
        o.maxRows = 100;
        SqlRunner runner(m_backend->shared(), o);
        const QString series =
            m_pg ? QStringLiteral("SELECT x FROM generate_series(1, 100000) AS x")
                 : QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                  "WHERE x < 100000) SELECT x FROM c");
        // MariaDB stops recursion at 1000 by default; a script may raise that for its session.
        const QString prefix =
            m_mysql ? QStringLiteral("SET max_recursive_iterations = 1000000;\n") : QString();
        Run run = runScript(runner, [&] { runner.runAll(prefix + series); });
        const SqlResult &last = run.results.value(run.results.size() - 1);
        QCOMPARE(run.results.size(), m_mysql ? 2 : 1);
        QCOMPARE(last.rows.size(), 100);
        QVERIFY(last.more);
        QCOMPARE(last.rows[99].at(0).toInt(), 100);
    }

    void runsSelectionAndCursor_data() { backends(); }
    void runsSelectionAndCursor()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        SqlRunner runner(m_backend->shared());
        const QString script = QStringLiteral("SELECT 1 AS a;\nSELECT 2 AS a;\nSELECT 3 AS a;");
        Run at = runScript(runner, [&] {
            QCOMPARE(runner.runAt(script, script.indexOf(QLatin1String("2 AS"))).size(), 1);
        });
        QCOMPARE(at.results.size(), 1);
        QCOMPARE(at.results[0].rows[0].at(0).toInt(), 2);
        QCOMPARE(at.results[0].source.line, 2);

        const int b = int(script.indexOf(QLatin1String("SELECT 2")));
        Run sel = runScript(runner, [&] { runner.runSelection(script, b, int(script.size())); });
        QCOMPARE(sel.results.size(), 2);
        QCOMPARE(sel.results[0].rows[0].at(0).toInt(), 2);
        QCOMPARE(sel.results[1].rows[0].at(0).toInt(), 3);
        QCOMPARE(sel.results[1].source.begin, int(script.indexOf(QLatin1String("SELECT 3"))));

        // Nothing to run: no signals, an empty list.
        QSignalSpy started(&runner, &SqlRunner::started);
        QVERIFY(runner.runAll(QStringLiteral("  -- only a comment\n")).isEmpty());
        QCOMPARE(started.count(), 0);
    }

    void errorLineAndColumn_data() { backends(); }
    void errorLineAndColumn()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        SqlRunner runner(m_backend->shared());
        const QString script = QStringLiteral("SELECT 1;\nSELECT 2;\n  SELECT id, FROM nowhere;\n"
                                              "SELECT 4;");
        Run run = runScript(runner, [&] { runner.runAll(script); });
        QCOMPARE(run.results.size(), 3); // stops at the error
        QCOMPARE(run.summary.failed, 1);
        QCOMPARE(run.summary.executed, 3);
        const SqlResult &bad = run.results[2];
        QVERIFY(!bad.ok);
        QVERIFY(!bad.cancelled);
        QVERIFY2(bad.error.contains(QLatin1String("syntax"), Qt::CaseInsensitive),
                 qPrintable(bad.error));
        QCOMPARE(bad.errorPosition.line, 3);
        if (m_pg && !QueryWorker::canCancelPostgres())
            QSKIP("libpq is not linked: PostgreSQL errors are placed at the statement only");
        QVERIFY(bad.errorPrecise);
        // "FROM" right after the stray comma: line 3, column 14.
        QCOMPARE(bad.errorPosition.column, 14);
        QCOMPARE(bad.errorOffset, int(script.indexOf(QLatin1String("FROM"))));
        if (m_pg)
            QCOMPARE(bad.errorCode, QStringLiteral("42601"));
        if (m_mysql)
            QCOMPARE(bad.errorCode, QStringLiteral("1064"));

        // A run-time error has no token: it is placed at its statement.
        Run rt = runScript(runner, [&] {
            runner.runAll(QStringLiteral("SELECT 1;\n\nSELECT * FROM missing_table"));
        });
        QCOMPARE(rt.results.size(), 2);
        QVERIFY(!rt.results[1].ok);
        QCOMPARE(rt.results[1].errorPosition.line, 3);
    }

    void continuesPastErrorsWhenAsked()
    {
        OPEN(QStringLiteral("sqlite"));
        RunnerOptions o;
        o.stopOnError = false;
        SqlRunner runner(m_backend->shared(), o);
        Run run = runScript(runner, [&] { runner.runAll(QStringLiteral("SELEC 1; SELECT 2")); });
        QCOMPARE(run.results.size(), 2);
        QCOMPARE(run.summary.failed, 1);
        QVERIFY(run.results[1].ok);
    }

    void cancelsALongQuery_data() { backends(); }
    void cancelsALongQuery()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        if (m_pg && !QueryWorker::canCancelPostgres())
            QSKIP("libpq is not linked: PostgreSQL queries cannot be cancelled");
        SqlRunner runner(m_backend->shared());
        // Minutes of work, bounded all the same in case the cancel never lands.
        // (MariaDB caps recursion at 1000 rows by default: BENCHMARK spins there instead, and
        // KILL QUERY ends it with an error, where SLEEP would just return early.)
        const QString slow =
            m_mysql ? QStringLiteral("SELECT BENCHMARK(100000000000, MD5('x'));\nSELECT 'never'")
                    : QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                     "FROM c WHERE x < 10000000000) SELECT count(*) FROM c;\n"
                                     "SELECT 'never'");
        QSignalSpy results(&runner, &SqlRunner::resultReady);
        QSignalSpy finished(&runner, &SqlRunner::finished);
        runner.runAll(slow);
        QTest::qWait(300);
        QVERIFY(runner.isRunning());
        QElapsedTimer t;
        t.start();
        runner.cancel();
        Run run;
        QVERIFY(finish(results, finished, run, 10000));
        const qint64 took = t.elapsed();
        qInfo("cancelled after %lld ms", took);
        QVERIFY2(took < 1000, qPrintable(QString::number(took)));
        QVERIFY(run.summary.cancelled);
        QCOMPARE(run.results.size(), 1);
        QVERIFY2(run.results[0].cancelled,
                 qPrintable(run.results[0].errorCode + QLatin1Char(' ') + run.results[0].error));
        QVERIFY(!runner.isRunning());

        // The connection is fine afterwards.
        Run after = runScript(runner, [&] { runner.runAll(QStringLiteral("SELECT 42")); });
        QCOMPARE(after.results.size(), 1);
        QVERIFY(after.results[0].ok);
        QCOMPARE(after.results[0].rows[0].at(0).toInt(), 42);
    }

    void newRunSupersedesTheRunningOne()
    {
        OPEN(QStringLiteral("sqlite"));
        SqlRunner runner(m_backend->shared());
        QSignalSpy results(&runner, &SqlRunner::resultReady);
        QSignalSpy finished(&runner, &SqlRunner::finished);
        runner.runAll(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                     "FROM c WHERE x < 10000000000) SELECT count(*) FROM c"));
        QTest::qWait(100);
        runner.runAll(QStringLiteral("SELECT 7"));
        // The first run's finished() came at once, cancelled; then the second run's.
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.at(0).at(0).value<RunSummary>().cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
        QVERIFY(!finished.at(1).at(0).value<RunSummary>().cancelled);
        QCOMPARE(results.count(), 1); // nothing of the first run arrives late
        QCOMPARE(results.at(0).at(0).value<SqlResult>().rows.value(0).value(0).toInt(), 7);
    }

    void transactionSpansRuns()
    {
        OPEN(QStringLiteral("sqlite"));
        QVERIFY(m_backend->run(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        SqlRunner runner(m_backend->shared());
        runScript(runner,
                  [&] { runner.runAll(QStringLiteral("BEGIN; INSERT INTO t VALUES (1);")); });
        Run inside =
            runScript(runner, [&] { runner.runAll(QStringLiteral("SELECT count(*) FROM t")); });
        QCOMPARE(inside.results[0].rows[0].at(0).toInt(), 1);
        runScript(runner, [&] { runner.runAll(QStringLiteral("ROLLBACK")); });
        QCOMPARE(m_backend->value(QStringLiteral("SELECT count(*) FROM t")).toInt(), 0);
    }

    void explainTrees_data() { backends(); }
    void explainTrees()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        QVERIFY(run(QStringLiteral("CREATE TABLE {users} (id INTEGER PRIMARY KEY, name TEXT)")));
        QVERIFY(run(QStringLiteral(
            "CREATE TABLE {posts} (id INTEGER PRIMARY KEY, author INTEGER, score INTEGER)")));
        QVERIFY(run(QStringLiteral("CREATE INDEX idx_posts_author ON {posts} (author)")));
        const QString fill =
            m_pg ? QStringLiteral("INSERT INTO {posts} SELECT x, x % 100, x % 7 FROM "
                                  "generate_series(1, 20000) AS x")
                 : QStringLiteral("INSERT INTO {posts} WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                                  "SELECT x + 1 FROM c WHERE x < 20000) SELECT x, x % 100, x % 7 "
                                  "FROM c");
        if (m_mysql)
            QVERIFY(run(QStringLiteral("SET max_recursive_iterations = 100000")));
        QVERIFY(run(fill));
        QVERIFY(run(QStringLiteral("INSERT INTO {users} VALUES (1, 'a'), (2, 'b')")));
        if (m_pg)
            QVERIFY(run(QStringLiteral("ANALYZE {posts}")));
        SqlRunner runner(m_backend->shared());

        const auto plan = [&](const QString &text, ExplainOptions o) -> Plan {
            QSignalSpy ready(&runner, &SqlRunner::planReady);
            QSignalSpy failed(&runner, &SqlRunner::planFailed);
            runner.explain(splitSql(sql(text)).value(0), o);
            QElapsedTimer t;
            t.start();
            while (ready.isEmpty() && failed.isEmpty() && t.elapsed() < 20000)
                QTest::qWait(5);
            if (!failed.isEmpty())
                qWarning("plan failed: %s", qPrintable(failed.at(0).at(0).toString()));
            return ready.isEmpty() ? Plan{} : ready.at(0).at(0).value<Plan>();
        };

        const Plan scan = plan(QStringLiteral("SELECT * FROM {posts} WHERE score = 3"), {});
        QVERIFY(!scan.nodes.isEmpty());
        bool fullScan = false;
        for (const PlanNode &n : scan.nodes)
            fullScan = fullScan || (n.fullScan && n.relation == sql(QStringLiteral("{posts}")));
        QVERIFY(fullScan);

        const Plan indexed = plan(QStringLiteral("SELECT * FROM {posts} WHERE author = 3"), {});
        bool usesIndex = false;
        for (const PlanNode &n : indexed.nodes)
            usesIndex = usesIndex || n.index == QLatin1String("idx_posts_author");
        QVERIFY(usesIndex);

        const QString join = QStringLiteral("SELECT u.name, count(*) FROM {posts} p JOIN {users} u "
                                            "ON u.id = p.author % 3 GROUP BY u.name");
        if (!m_pg) {
            const Plan p = plan(join, {});
            QVERIFY(p.nodes.size() >= 2);
            QCOMPARE(p.dialect, m_backend->db().dialect());
            return;
        }
        const Plan analyzed = plan(join, {true, true});
        QVERIFY(analyzed.analyzed);
        QCOMPARE(analyzed.roots.size(), 1);
        QVERIFY(analyzed.executionMs > 0);
        QVERIFY(analyzed.nodes.size() >= 3);
        QVERIFY(analyzed.slowest >= 0);
        int flagged = 0;
        double most = -1;
        for (const PlanNode &n : analyzed.nodes) {
            flagged += n.slowest ? 1 : 0;
            most = std::max(most, n.exclusiveMs);
            QVERIFY(n.totalCost >= 0);
        }
        QCOMPARE(flagged, 1);
        QCOMPARE(analyzed.nodes[analyzed.slowest].exclusiveMs, most);
        QVERIFY(analyzed.nodes[0].sharedHit >= 0); // BUFFERS

        // ANALYZE runs the statement, inside a transaction that is rolled back.
        const Plan del =
            plan(QStringLiteral("DELETE FROM {posts} WHERE author < 50"), {true, false});
        QVERIFY(del.analyzed);
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM {posts}")).toInt(), 20000);

        // A plan of a broken statement fails with where the error is.
        QSignalSpy failed(&runner, &SqlRunner::planFailed);
        runner.explain(splitSql(sql(QStringLiteral("SELECT nope FROM {posts}"))).value(0), {});
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QCOMPARE(failed.at(0).at(1).toInt(), 7);
    }

    void historyIsWritten()
    {
        OPEN(QStringLiteral("sqlite"));
        SqlHistory history(m_backend->tempPath(QStringLiteral("history.jsonl")));
        SqlRunner runner(m_backend->shared());
        runner.setHistory(&history, m_backend->db().displayUrl());
        runScript(runner, [&] { runner.runAll(QStringLiteral("SELECT 1; SELECT 2; SELEC 3")); });
        auto entries = SqlHistory(history.path()).load();
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 3);
        QCOMPARE(entries->at(0).sql, QStringLiteral("SELECT 1"));
        QCOMPARE(entries->at(0).status, SqlHistoryEntry::Status::Ok);
        QCOMPARE(entries->at(0).rows, qint64(1));
        QCOMPARE(entries->at(2).status, SqlHistoryEntry::Status::Error);
        QVERIFY(!entries->at(2).error.isEmpty());
        QCOMPARE(entries->at(2).connection, m_backend->db().displayUrl());
    }
};

QTEST_GUILESS_MAIN(TestSqlRunner)
#include "tst_sql_runner.moc"
