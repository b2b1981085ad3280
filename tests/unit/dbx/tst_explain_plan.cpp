// Plans from EXPLAIN output: SQLite's rows into a tree with hints, PostgreSQL's JSON with costs,
// actual times × loops, exclusive time and the slowest node; the PlanModel over both.
#include "dbx/explain_plan.h"
#include "dbx/plan_model.h"
#include <QAbstractItemModelTester>
#include <QtTest>

using namespace bb;
using namespace bb::dbx;

namespace {

// A Hash Join of a sequential scan with a hashed index scan, as EXPLAIN (ANALYZE, FORMAT JSON)
// prints it (trimmed to the fields the parser reads, plus some it ignores).
const char *kAnalyzed = R"json([
  {
    "Plan": {
      "Node Type": "Hash Join", "Join Type": "Inner", "Startup Cost": 1.5, "Total Cost": 30.25,
      "Plan Rows": 100, "Plan Width": 8, "Actual Startup Time": 0.2, "Actual Total Time": 12.0,
      "Actual Rows": 90, "Actual Loops": 1, "Hash Cond": "(p.author_id = u.id)",
           "Plans" : [
               {
                   "Node Type" : "Seq Scan",
                   "Parent Relationship" : "Outer",
                   "Relation Name" : "posts",
                   "Alias" : "p",
                   "Startup Cost" : 0.0,
                   "Total Cost" : 20.0,
                   "Plan Rows" : 1000,
                   "Actual Total Time" : 9.5,
                   "Actual Rows" : 1000,
                   "Actual Loops" : 1,
                   "Filter" : "(score > 5)",
                   "Rows Removed by Filter" : 4000
               },
               {
                   "Node Type" : "Hash",
                   "Parent Relationship" : "Inner",
                   "Startup Cost" : 1.0,
                   "Total Cost" : 1.0,
                   "Plan Rows" : 10,
                   "Actual Total Time" : 0.5,
                   "Actual Rows" : 10,
                   "Actual Loops" : 1,
                   "Plans" : [ {
                       "Node Type" : "Index Scan",
                       "Parent Relationship" : "Outer",
                       "Relation Name" : "users",
                       "Index Name" : "users_pkey",
                       "Startup Cost" : 0.1,
                       "Total Cost" : 0.9,
                       "Plan Rows" : 1,
                       "Actual Total Time" : 0.1,
                       "Actual Rows" : 2,
                       "Actual Loops" : 4,
                       "Index Cond" : "(id < 10)"
                   } ]
               }
           ]
}
, "Planning Time" : 0.3, "Triggers" : [], "Execution Time" : 12.4
}
])json";

} // namespace

class TestExplainPlan : public QObject {
    Q_OBJECT

private slots:
    void sqliteTree()
    {
        const Plan plan = planFromSqliteRows({
            {2, 0, QStringLiteral("SCAN posts")},
            {5, 0, QStringLiteral("SEARCH users USING INTEGER PRIMARY KEY (rowid=?)")},
            {9, 0, QStringLiteral("SEARCH tags USING INDEX idx_tags_post (post_id=?)")},
            {12, 0, QStringLiteral("SCAN c USING COVERING INDEX idx_c")},
            {20, 0, QStringLiteral("CO-ROUTINE sub")},
            {22, 20, QStringLiteral("SCAN t")},
            {30, 0, QStringLiteral("USE TEMP B-TREE FOR ORDER BY")},
            {40, 0, QStringLiteral("SEARCH x USING AUTOMATIC COVERING INDEX (k=?)")},
        });
        QCOMPARE(plan.nodes.size(), 8);
        QCOMPARE(plan.roots.size(), 7);
        const PlanNode &scan = plan.nodes[0];
        QCOMPARE(scan.nodeType, QStringLiteral("Scan"));
        QCOMPARE(scan.relation, QStringLiteral("posts"));
        QVERIFY(scan.fullScan);
        QCOMPARE(scan.hint, QStringLiteral("full table scan of posts"));
        QCOMPARE(plan.nodes[1].hint, QStringLiteral("key lookup in users"));
        QVERIFY(!plan.nodes[1].fullScan);
        QCOMPARE(plan.nodes[2].index, QStringLiteral("idx_tags_post"));
        QCOMPARE(plan.nodes[2].hint, QStringLiteral("uses index idx_tags_post"));
        QVERIFY(plan.nodes[3].fullScan);
        QVERIFY(plan.nodes[3].hint.contains(QLatin1String("covering")));
        QCOMPARE(plan.nodes[4].nodeType, QStringLiteral("CO-ROUTINE"));
        QCOMPARE(plan.nodes[4].children, QList<int>{5});
        QCOMPARE(plan.nodes[5].parent, 4);
        QVERIFY(plan.nodes[6].hint.startsWith(QLatin1String("sorts rows")));
        QVERIFY(plan.nodes[7].hint.contains(QLatin1String("temporary index")));
        QCOMPARE(plan.slowest, -1);
        QVERIFY(plan.raw.startsWith(QLatin1String("2|0|SCAN posts")));
    }

    void postgresAnalyzed()
    {
        auto parsed = planFromPostgresJson(kAnalyzed);
        QVERIFY2(parsed.ok(), parsed ? "" : qPrintable(parsed.error().message));
        const Plan &plan = *parsed;
        QVERIFY(plan.analyzed);
        QCOMPARE(plan.nodes.size(), 4);
        QCOMPARE(plan.roots, QList<int>{0});
        QCOMPARE(plan.planningMs, 0.3);
        QCOMPARE(plan.executionMs, 12.4);
        const PlanNode &join = plan.nodes[0];
        QCOMPARE(join.nodeType, QStringLiteral("Hash Join"));
        QCOMPARE(join.children, (QList<int>{1, 2}));
        QCOMPARE(join.totalCost, 30.25);
        QCOMPARE(join.planRows, 100.0);
        // Exclusive = inclusive minus the children's inclusive times.
        QCOMPARE(join.exclusiveMs, 12.0 - 9.5 - 0.5);
        const PlanNode &seq = plan.nodes[1];
        QCOMPARE(seq.relation, QStringLiteral("posts"));
        QVERIFY(seq.fullScan);
        QVERIFY(seq.hint.startsWith(QLatin1String("full table scan of posts")));
        QVERIFY(seq.hint.contains(QLatin1String("4000")));
        QCOMPARE(seq.exclusiveMs, 9.5);
        QVERIFY(seq.slowest);
        QCOMPARE(plan.slowest, 1);
        QVERIFY(seq.detail.contains(QLatin1String("Filter: (score > 5)")));
        // time × loops: 0.1 ms per loop, 4 loops.
        const PlanNode &idx = plan.nodes[3];
        QCOMPARE(idx.parent, 2);
        QCOMPARE(idx.loops, 4.0);
        QVERIFY(qAbs(idx.inclusiveMs - 0.4) < 1e-9);
        QCOMPARE(idx.hint, QStringLiteral("uses index users_pkey"));
        // The Hash node: 0.5 ms inclusive, 0.4 of it in its child.
        QVERIFY(qAbs(plan.nodes[2].exclusiveMs - 0.1) < 1e-9);
        int flagged = 0;
        for (const PlanNode &n : plan.nodes)
            flagged += n.slowest ? 1 : 0;
        QCOMPARE(flagged, 1);
    }

    void postgresEstimateOnly()
    {
        auto parsed = planFromPostgresJson(
            R"json([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Startup Cost": 0,
                "Total Cost": 35.5, "Plan Rows": 2550, "Plan Width": 4}}])json");
        QVERIFY(parsed.ok());
        QVERIFY(!parsed->analyzed);
        QCOMPARE(parsed->slowest, -1);
        QCOMPARE(parsed->nodes[0].actualRows, -1.0);
        QCOMPARE(parsed->nodes[0].exclusiveMs, -1.0);
        QCOMPARE(parsed->nodes[0].totalCost, 35.5);
    }

    void misestimateHinted()
    {
        auto parsed = planFromPostgresJson(
            R"json([{"Plan": {"Node Type": "Index Scan", "Relation Name": "t", "Index Name": "i",
                "Total Cost": 8, "Plan Rows": 1, "Actual Total Time": 3, "Actual Rows": 500,
                "Actual Loops": 1}, "Execution Time": 3.1}])json");
        QVERIFY(parsed.ok());
        QVERIFY(parsed->nodes[0].hint.contains(QLatin1String("estimated 1 rows, got 500")));
    }

    void badJson()
    {
        auto parsed = planFromPostgresJson("[{\"Plan\": {\"Node Type\": ");
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().position > 0);
        QVERIFY(!planFromPostgresJson("[{}]").ok());
    }

    void explainStatement()
    {
        QCOMPARE(explainSql(store::Dialect::Sqlite, QStringLiteral("SELECT 1"), {}),
                 QStringLiteral("EXPLAIN QUERY PLAN SELECT 1"));
        QCOMPARE(explainSql(store::Dialect::Postgres, QStringLiteral("SELECT 1"), {true, true}),
                 QStringLiteral("EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS) SELECT 1"));
        QCOMPARE(explainSql(store::Dialect::Postgres, QStringLiteral("SELECT 1"), {false, true}),
                 QStringLiteral("EXPLAIN (FORMAT JSON) SELECT 1"));
    }

    void model()
    {
        PlanModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto parsed = planFromPostgresJson(kAnalyzed);
        QVERIFY(parsed.ok());
        model.setPlan(*parsed);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(model.rowCount(root), 2);
        QCOMPARE(root.data().toString(), QStringLiteral("Hash Join"));
        const QModelIndex slow = model.slowestIndex();
        QVERIFY(slow.isValid());
        QCOMPARE(slow.parent(), root);
        QCOMPARE(slow.row(), 0);
        QVERIFY(slow.data(PlanModel::SlowestRole).toBool());
        QVERIFY(slow.data(PlanModel::FullScanRole).toBool());
        QCOMPARE(slow.siblingAtColumn(PlanModel::SelfMsColumn).data().toString(),
                 QStringLiteral("9.500"));
        QCOMPARE(slow.siblingAtColumn(PlanModel::CostColumn).data().toString(),
                 QStringLiteral("0.00..20.00"));
        const QModelIndex idx = model.index(0, 0, model.index(1, 0, root));
        QCOMPARE(idx.siblingAtColumn(PlanModel::ActualRowsColumn).data().toString(),
                 QStringLiteral("2 × 4"));
        QCOMPARE(idx.siblingAtColumn(PlanModel::RelationColumn).data().toString(),
                 QStringLiteral("users (users_pkey)"));
        model.setPlan(planFromSqliteRows({{2, 0, QStringLiteral("SCAN posts")}}));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("SCAN posts"));
        QVERIFY(!model.slowestIndex().isValid());
    }
};

QTEST_GUILESS_MAIN(TestExplainPlan)
#include "tst_explain_plan.moc"
