// bb::dbx — query plans as a tree: SQLite's EXPLAIN QUERY PLAN rows, PostgreSQL's EXPLAIN
// (FORMAT JSON[, ANALYZE, BUFFERS]) and MySQL's tabular EXPLAIN parsed into the same node list,
// with the time a node spent itself, the slowest node flagged and a one-line hint where the plan
// makes one obvious.
#pragma once
#include "common/result.h"
#include "store/schema.h"
#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace bb::dbx {

struct ExplainOptions {
    bool analyze = false; ///< PostgreSQL: run the statement and report actual rows and times
    bool buffers = false; ///< PostgreSQL with analyze: shared/local buffer hits and reads
};

struct PlanNode {
    int parent = -1;     ///< index in Plan::nodes, -1 for a root
    QList<int> children; ///< indexes in Plan::nodes, in plan order
    QString nodeType;    ///< "Seq Scan", "Index Scan", …; SQLite: the first word(s) of `detail`
    QString detail;      ///< SQLite's detail text; PostgreSQL: a one-line summary of the node
    QString relation;    ///< the table the node reads, when it reads one
    QString index;       ///< the index it uses, when it uses one
    QString hint;        ///< "full table scan", "uses index idx_posts_author", … or empty
    // PostgreSQL estimates:
    double startupCost = -1, totalCost = -1, planRows = -1;
    // PostgreSQL with ANALYZE (-1 when not measured):
    double actualRows = -1; ///< per loop, as PostgreSQL reports it
    double loops = -1;
    double actualTotalMs = -1; ///< per loop
    double inclusiveMs = -1;   ///< actualTotalMs × loops: this node and everything under it
    double exclusiveMs = -1;   ///< inclusiveMs minus the children's inclusive times, ≥ 0
    qint64 sharedHit = -1, sharedRead = -1; ///< with BUFFERS
    bool slowest = false;                   ///< the node with the largest exclusiveMs
    bool fullScan = false;                  ///< reads every row of `relation`
};

struct Plan {
    store::Dialect dialect = store::Dialect::Sqlite;
    QList<PlanNode> nodes; ///< parents before their children
    QList<int> roots;
    bool analyzed = false;
    double planningMs = -1, executionMs = -1;
    int slowest = -1;  ///< index of the slowest node, -1 without ANALYZE
    QString statement; ///< the statement that was planned
    QString raw;       ///< what the database returned (JSON text, or SQLite's rows as text)
};

/// One row of SQLite's EXPLAIN QUERY PLAN.
struct SqlitePlanRow {
    int id = 0;
    int parent = 0;
    QString detail;
};

/// One row of MySQL's / MariaDB's tabular EXPLAIN.
struct MysqlPlanRow {
    int id = 0;
    QString selectType; ///< SIMPLE, PRIMARY, SUBQUERY, DERIVED, …
    QString table;
    QString access; ///< the "type" column: ALL, index, range, ref, eq_ref, const, …
    QString key;    ///< the index used, empty for none
    double rows = -1;
    QString extra; ///< "Using where; Using filesort", …
};

/// Builds the tree from EXPLAIN QUERY PLAN rows (parent 0 is the root).
Plan planFromSqliteRows(const QList<SqlitePlanRow> &rows);
/// MySQL's EXPLAIN is a table in join order, not a tree: one root per row, in order, with the
/// access type read into a hint (ALL = full table scan). ANALYZE is not asked of MySQL.
Plan planFromMysqlRows(const QList<MysqlPlanRow> &rows);
/// Parses EXPLAIN (FORMAT JSON …) output; errors say where the JSON went wrong.
Result<Plan> planFromPostgresJson(const QByteArray &json);

/// The EXPLAIN statement for `statement` on `dialect`.
QString explainSql(store::Dialect dialect, const QString &statement, ExplainOptions options);

/// Runs EXPLAIN for `statement` on `conn` (blocking; call it on a worker thread). The statement
/// is not executed unless options.analyze on PostgreSQL (the caller decides about a rollback).
Result<Plan> explainOn(QSqlDatabase &conn, store::Dialect dialect, const QString &statement,
                       ExplainOptions options = {});

} // namespace bb::dbx
