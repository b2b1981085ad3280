// bb::dbx — runs SQL scripts for the SQL editor on a worker thread with its own connection: all
// statements, the selection, or the statement under the cursor; cancellable; one result per
// statement (the first rows, rows affected, duration) and errors with their line and column.
#pragma once
#include "dbx/explain_plan.h"
#include "dbx/sql_splitter.h"
#include "store/database.h"
#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <atomic>
#include <memory>

namespace bb::dbx {

class QueryWorker;
class SqlHistory;

struct RunnerOptions {
    /// Rows kept per result set. A SELECT returning more keeps the first `maxRows` and sets
    /// SqlResult::more; the rest are not read (the statement is finished early).
    int maxRows = 10000;
    /// Stop at the first failing statement (the rest are reported as not run).
    bool stopOnError = true;
};

/// What one statement did.
struct SqlResult {
    int index = 0;       ///< position in the run, 0-based
    SqlStatement source; ///< the statement and where it is in the script
    bool ok = false;
    bool cancelled = false;
    bool isSelect = false;    ///< returned a result set (columns/rows are meaningful)
    QStringList columns;      ///< result columns
    QList<QVariantList> rows; ///< the first RunnerOptions::maxRows rows
    bool more = false;        ///< there were more rows than kept
    qint64 rowsAffected = -1; ///< INSERT/UPDATE/DELETE, -1 when not applicable
    double durationMs = 0;
    bool changesSchema = false; ///< CREATE/ALTER/DROP: the caller should reload the schema
    // On failure:
    QString error;             ///< the driver's message
    QString errorCode;         ///< SQLSTATE (PostgreSQL) or the SQLite result code
    int errorOffset = -1;      ///< script offset of the error: the token when the driver says, else
                               ///< the statement's start
    SqlPosition errorPosition; ///< 1-based line/column of errorOffset
    bool errorPrecise = false; ///< the driver gave the token's position (not just the statement)
};

struct RunSummary {
    int statements = 0; ///< statements in the run
    int executed = 0;   ///< statements that ran (ok or failed)
    int failed = 0;
    bool cancelled = false;
    double durationMs = 0;
};

class SqlRunner : public QObject {
    Q_OBJECT
public:
    /// `db` is opened by the caller; the runner keeps one connection of its own on its worker
    /// thread for its lifetime, so BEGIN … COMMIT across runs behaves like a console session.
    explicit SqlRunner(std::shared_ptr<store::Database> db, RunnerOptions options = {},
                       QObject *parent = nullptr);
    ~SqlRunner() override;

    store::Dialect dialect() const;
    const RunnerOptions &options() const { return m_options; }
    void setOptions(const RunnerOptions &options) { m_options = options; }

    /// Each returns the statements it will run (empty: nothing to run, no signals follow). A
    /// run (or explain) while another run is going cancels the older one first and sends its
    /// finished() with cancelled set at once; no signal of the older run follows.
    QList<SqlStatement> runAll(const QString &script);
    QList<SqlStatement> runSelection(const QString &script, int selectionBegin, int selectionEnd);
    QList<SqlStatement> runAt(const QString &script, int cursor);
    QList<SqlStatement> run(const QList<SqlStatement> &statements);

    /// Plans `statement` (EXPLAIN QUERY PLAN on SQLite, EXPLAIN (FORMAT JSON…) on PostgreSQL);
    /// planReady or planFailed follows. With `analyze` on PostgreSQL the statement is executed:
    /// inside BEGIN … ROLLBACK when the connection is not already in a transaction.
    void explain(const SqlStatement &statement, ExplainOptions options = {});

    /// Every statement that runs (ok, failed or cancelled) is appended to `history` under
    /// `connectionName` (nullptr: none). The history must outlive the runner or be unset.
    void setHistory(SqlHistory *history, const QString &connectionName);

    /// Interrupts the running statement (sqlite3_interrupt / PQcancel) and skips the rest.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void started(int statements);
    void resultReady(const bb::dbx::SqlResult &result);
    void finished(const bb::dbx::RunSummary &summary);
    void planReady(const bb::dbx::Plan &plan);
    void planFailed(const QString &message, int errorOffset);

private:
    void deliverResult(quint64 run, SqlResult result);
    void deliverFinished(quint64 run, RunSummary summary);
    void supersede();

    std::shared_ptr<store::Database> m_db;
    RunnerOptions m_options;
    std::unique_ptr<QueryWorker> m_worker;
    std::shared_ptr<std::atomic<quint64>> m_liveRun;
    quint64 m_run = 0;
    bool m_running = false;
    int m_runStatements = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    SqlHistory *m_history = nullptr;
    QString m_connectionName;
};

} // namespace bb::dbx

Q_DECLARE_METATYPE(bb::dbx::SqlResult)
Q_DECLARE_METATYPE(bb::dbx::RunSummary)
Q_DECLARE_METATYPE(bb::dbx::Plan)
