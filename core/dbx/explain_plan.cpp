#include "dbx/explain_plan.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <cmath>

namespace bb::dbx {

namespace {

// ---- SQLite ----------------------------------------------------------------------------------

// Reads what SQLite's detail text says: "SCAN posts", "SEARCH posts USING INDEX idx (a=?)",
// "SCAN posts USING COVERING INDEX idx", "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
// "USE TEMP B-TREE FOR ORDER BY", "CO-ROUTINE sub", …
void describeSqlite(PlanNode &node)
{
    static const QRegularExpression access(QStringLiteral(
        "^(SCAN|SEARCH)\\s+(?:TABLE\\s+)?(\\S+)(?:\\s+AS\\s+\\S+)?(?:\\s+USING\\s+(.*))?$"));
    static const QRegularExpression index(
        QStringLiteral("^((?:AUTOMATIC\\s+)?(?:PARTIAL\\s+)?(?:COVERING\\s+)?)INDEX\\s+(\\S+)"));
    const QString &d = node.detail;
    const auto m = access.match(d);
    if (m.hasMatch()) {
        node.nodeType = m.captured(1) == QLatin1String("SCAN") ? QStringLiteral("Scan")
                                                               : QStringLiteral("Search");
        node.relation = m.captured(2);
        const QString using_ = m.captured(3);
        const auto im = index.match(using_);
        if (im.hasMatch())
            node.index = im.captured(2);
        const bool scan = node.nodeType == QLatin1String("Scan");
        const bool covering = im.captured(1).contains(QLatin1String("COVERING"));
        if (node.relation.startsWith(QLatin1Char('(')) ||
            node.relation == QLatin1String("CONSTANT")) {
            node.hint = QString(); // a subquery or a constant row: nothing to say about tables
        } else if (im.hasMatch() && im.captured(1).contains(QLatin1String("AUTOMATIC"))) {
            node.hint = QStringLiteral("SQLite builds a temporary index on %1 for this query: "
                                       "a permanent index would save that work")
                            .arg(node.relation);
        } else if (scan && using_.isEmpty()) {
            node.fullScan = true;
            node.hint = QStringLiteral("full table scan of %1").arg(node.relation);
        } else if (scan) {
            node.fullScan = true;
            node.hint =
                QStringLiteral("reads all of %1 in the order of %2%3")
                    .arg(node.relation, node.index.isEmpty() ? using_ : node.index,
                         covering ? QStringLiteral(" (covering: no table reads)") : QString());
        } else if (using_.contains(QLatin1String("PRIMARY KEY"))) {
            node.hint = QStringLiteral("key lookup in %1").arg(node.relation);
        } else if (im.hasMatch()) {
            node.hint =
                QStringLiteral("uses index %1%2")
                    .arg(node.index,
                         covering ? QStringLiteral(" (covering: no table reads)") : QString());
        }
        return;
    }
    static const QRegularExpression tempTree(QStringLiteral("^USE TEMP B-TREE FOR (.+)$"));
    if (const auto t = tempTree.match(d); t.hasMatch()) {
        node.nodeType = QStringLiteral("Temp B-Tree");
        node.hint = QStringLiteral("sorts rows in a temporary b-tree for %1 (no index gives this "
                                   "order)")
                        .arg(t.captured(1));
        return;
    }
    // CO-ROUTINE, MATERIALIZE, COMPOUND QUERY, LEFT-MOST SUBQUERY, UNION ALL, …: the words
    // before a name or a parenthesis.
    static const QRegularExpression words(QStringLiteral("^([A-Z][A-Z -]*[A-Z])"));
    const auto w = words.match(d);
    node.nodeType = w.hasMatch() ? w.captured(1) : d;
}

// ---- PostgreSQL ------------------------------------------------------------------------------

double number(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : -1;
}

QString formatCount(double n)
{
    return n >= 0 ? QString::number(qint64(std::llround(n))) : QStringLiteral("?");
}

void describePostgres(PlanNode &node, const QJsonObject &o, bool analyzed)
{
    const QString type = node.nodeType;
    QStringList parts{type};
    if (!node.relation.isEmpty())
        parts << QStringLiteral("on %1").arg(node.relation);
    if (!node.index.isEmpty())
        parts << QStringLiteral("using %1").arg(node.index);
    for (const char *cond :
         {"Index Cond", "Hash Cond", "Merge Cond", "Join Filter", "Filter", "Recheck Cond"}) {
        const QString c = o.value(QLatin1String(cond)).toString();
        if (!c.isEmpty())
            parts << QStringLiteral("%1: %2").arg(QLatin1String(cond), c);
    }
    node.detail = parts.join(QLatin1Char(' '));

    const double removed = number(o, "Rows Removed by Filter");
    if (type == QLatin1String("Seq Scan")) {
        node.fullScan = true;
        node.hint = QStringLiteral("full table scan of %1").arg(node.relation);
        if (removed > 0)
            node.hint += QStringLiteral("; the filter dropped %1 rows (an index on the filtered "
                                        "column would skip them)")
                             .arg(formatCount(removed));
    } else if (type == QLatin1String("Index Only Scan")) {
        node.hint = QStringLiteral("uses index %1 (index only: no table reads)").arg(node.index);
    } else if (type == QLatin1String("Index Scan") || type == QLatin1String("Bitmap Index Scan")) {
        node.hint = QStringLiteral("uses index %1").arg(node.index);
    } else if (type == QLatin1String("Bitmap Heap Scan")) {
        node.hint = QStringLiteral("reads the pages of %1 an index scan found").arg(node.relation);
    } else if (type == QLatin1String("Sort") &&
               o.value(QLatin1String("Sort Space Type")).toString() == QLatin1String("Disk")) {
        node.hint = QStringLiteral("the sort spilled to disk (work_mem too small for it)");
    } else if (type == QLatin1String("Sort")) {
        node.hint = QStringLiteral("sorts rows: no index gives this order");
    }
    // A tenfold misestimate misleads the planner: say so beside whatever else is said.
    if (analyzed && node.loops > 0 && node.planRows >= 0 && node.actualRows >= 0) {
        const double est = std::max(1.0, node.planRows), act = std::max(1.0, node.actualRows);
        const double ratio = std::max(est / act, act / est);
        if (ratio >= 10) {
            const QString off =
                QStringLiteral("estimated %1 rows, got %2 (ANALYZE %3 may help)")
                    .arg(formatCount(node.planRows), formatCount(node.actualRows),
                         node.relation.isEmpty() ? QStringLiteral("the tables") : node.relation);
            node.hint = node.hint.isEmpty() ? off : node.hint + QStringLiteral("; ") + off;
        }
    }
}

void addPostgresNode(Plan &plan, const QJsonObject &o, int parent)
{
    PlanNode node;
    node.parent = parent;
    node.nodeType = o.value(QLatin1String("Node Type")).toString();
    const QString join = o.value(QLatin1String("Join Type")).toString();
    if (!join.isEmpty() && join != QLatin1String("Inner"))
        node.nodeType += QStringLiteral(" (%1)").arg(join);
    node.relation = o.value(QLatin1String("Relation Name")).toString();
    if (node.relation.isEmpty())
        node.relation = o.value(QLatin1String("CTE Name")).toString();
    node.index = o.value(QLatin1String("Index Name")).toString();
    node.startupCost = number(o, "Startup Cost");
    node.totalCost = number(o, "Total Cost");
    node.planRows = number(o, "Plan Rows");
    node.actualRows = number(o, "Actual Rows");
    node.loops = number(o, "Actual Loops");
    node.actualTotalMs = number(o, "Actual Total Time");
    if (node.actualTotalMs >= 0 && node.loops >= 0)
        node.inclusiveMs = node.actualTotalMs * node.loops;
    if (o.contains(QLatin1String("Shared Hit Blocks")))
        node.sharedHit = qint64(number(o, "Shared Hit Blocks"));
    if (o.contains(QLatin1String("Shared Read Blocks")))
        node.sharedRead = qint64(number(o, "Shared Read Blocks"));
    describePostgres(node, o, plan.analyzed);

    const int at = int(plan.nodes.size());
    plan.nodes.append(node);
    if (parent < 0)
        plan.roots.append(at);
    else
        plan.nodes[parent].children.append(at);
    for (const QJsonValue &child : o.value(QLatin1String("Plans")).toArray())
        addPostgresNode(plan, child.toObject(), at);
}

// Exclusive time: what a node spent minus what its children spent, and the largest flagged.
void computeExclusive(Plan &plan)
{
    if (!plan.analyzed)
        return;
    double best = -1;
    for (int i = 0; i < plan.nodes.size(); ++i) {
        PlanNode &n = plan.nodes[i];
        if (n.inclusiveMs < 0)
            continue;
        double children = 0;
        for (int c : n.children)
            children += std::max(0.0, plan.nodes[c].inclusiveMs);
        // Parallel workers and InitPlans can make children look longer than the parent.
        n.exclusiveMs = std::max(0.0, n.inclusiveMs - children);
        if (n.exclusiveMs > best) {
            best = n.exclusiveMs;
            plan.slowest = i;
        }
    }
    if (plan.slowest >= 0)
        plan.nodes[plan.slowest].slowest = true;
}

// ---- MySQL / MariaDB -------------------------------------------------------------------------

void describeMysql(PlanNode &node, const QString &access, const QString &extra)
{
    if (access == QLatin1String("ALL")) {
        node.fullScan = true;
        node.hint = QStringLiteral("full table scan of %1").arg(node.relation);
    } else if (access == QLatin1String("index")) {
        node.fullScan = true;
        node.hint =
            QStringLiteral("reads all of %1 in the order of %2").arg(node.relation, node.index);
    } else if (!node.index.isEmpty()) {
        node.hint = QStringLiteral("uses index %1").arg(node.index);
    }
    QStringList more;
    if (extra.contains(QLatin1String("Using filesort")))
        more << QStringLiteral("sorts rows: no index gives this order");
    if (extra.contains(QLatin1String("Using temporary")))
        more << QStringLiteral("builds a temporary table");
    if (extra.contains(QLatin1String("Using join buffer")))
        more << QStringLiteral("joins without an index (join buffer)");
    if (!more.isEmpty())
        node.hint += (node.hint.isEmpty() ? QString() : QStringLiteral("; ")) +
                     more.join(QStringLiteral("; "));
}

} // namespace

Plan planFromMysqlRows(const QList<MysqlPlanRow> &rows)
{
    Plan plan;
    plan.dialect = store::Dialect::Mysql;
    QStringList raw;
    for (const MysqlPlanRow &r : rows) {
        PlanNode node;
        node.nodeType = r.access.isEmpty() ? r.selectType
                                           : QStringLiteral("%1 (%2)").arg(r.selectType, r.access);
        node.relation = r.table;
        node.index = r.key;
        node.planRows = r.rows;
        node.detail = QStringLiteral("%1 %2 %3").arg(r.id).arg(node.nodeType, r.table).trimmed();
        if (!r.extra.isEmpty())
            node.detail += QStringLiteral(" — ") + r.extra;
        describeMysql(node, r.access, r.extra);
        plan.roots.append(int(plan.nodes.size()));
        plan.nodes.append(node);
        raw << QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                   .arg(r.id)
                   .arg(r.selectType, r.table, r.access, r.key)
                   .arg(r.rows)
                   .arg(r.extra);
    }
    plan.raw = raw.join(QLatin1Char('\n'));
    return plan;
}

Plan planFromSqliteRows(const QList<SqlitePlanRow> &rows)
{
    Plan plan;
    plan.dialect = store::Dialect::Sqlite;
    QHash<int, int> byId;
    QStringList raw;
    for (const SqlitePlanRow &r : rows) {
        PlanNode node;
        node.detail = r.detail;
        describeSqlite(node);
        const int at = int(plan.nodes.size());
        const auto parent = byId.constFind(r.parent);
        node.parent = r.parent != 0 && parent != byId.constEnd() ? *parent : -1;
        plan.nodes.append(node);
        if (node.parent < 0)
            plan.roots.append(at);
        else
            plan.nodes[node.parent].children.append(at);
        byId.insert(r.id, at);
        raw << QStringLiteral("%1|%2|%3").arg(r.id).arg(r.parent).arg(r.detail);
    }
    plan.raw = raw.join(QLatin1Char('\n'));
    return plan;
}

Result<Plan> planFromPostgresJson(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError)
        return Error::invalid(
            QStringLiteral("the plan is not JSON: %1 at %2").arg(err.errorString()).arg(err.offset),
            err.offset);
    const QJsonObject top = doc.isArray() ? doc.array().first().toObject() : doc.object();
    const QJsonObject root = top.value(QLatin1String("Plan")).toObject();
    if (root.isEmpty())
        return Error::invalid(QStringLiteral("the plan JSON has no \"Plan\" object"));
    Plan plan;
    plan.dialect = store::Dialect::Postgres;
    plan.raw = QString::fromUtf8(json);
    plan.analyzed = root.contains(QLatin1String("Actual Total Time"));
    plan.planningMs = number(top, "Planning Time");
    plan.executionMs = number(top, "Execution Time");
    addPostgresNode(plan, root, -1);
    computeExclusive(plan);
    return plan;
}

QString explainSql(store::Dialect dialect, const QString &statement, ExplainOptions options)
{
    if (dialect == store::Dialect::Sqlite)
        return QStringLiteral("EXPLAIN QUERY PLAN ") + statement;
    if (dialect == store::Dialect::Mysql)
        return QStringLiteral("EXPLAIN ") + statement;
    QStringList opts{QStringLiteral("FORMAT JSON")};
    if (options.analyze) {
        opts << QStringLiteral("ANALYZE");
        if (options.buffers)
            opts << QStringLiteral("BUFFERS");
    }
    return QStringLiteral("EXPLAIN (%1) %2").arg(opts.join(QStringLiteral(", ")), statement);
}

Result<Plan> explainOn(QSqlDatabase &conn, store::Dialect dialect, const QString &statement,
                       ExplainOptions options)
{
    QSqlQuery q(conn);
    q.setForwardOnly(true);
    if (!q.exec(explainSql(dialect, statement, options)))
        return Error::invalid(q.lastError().text());
    Result<Plan> plan = Error::internal(QStringLiteral("no plan"));
    if (dialect == store::Dialect::Sqlite) {
        QList<SqlitePlanRow> rows;
        while (q.next())
            rows.append({q.value(0).toInt(), q.value(1).toInt(), q.value(3).toString()});
        plan = planFromSqliteRows(rows);
    } else if (dialect == store::Dialect::Mysql) {
        // By name: MySQL 8 adds columns (partitions, filtered) MariaDB does not have.
        const QSqlRecord rec = q.record();
        const auto col = [&rec](const char *name) { return rec.indexOf(QLatin1String(name)); };
        const int id = col("id"), type = col("select_type"), table = col("table"),
                  access = col("type"), key = col("key"), rowsAt = col("rows"),
                  extra = col("Extra");
        QList<MysqlPlanRow> rows;
        while (q.next()) {
            MysqlPlanRow r;
            r.id = q.value(id).toInt();
            r.selectType = q.value(type).toString();
            r.table = q.value(table).toString();
            r.access = q.value(access).toString();
            r.key = q.value(key).toString();
            r.rows = q.value(rowsAt).isNull() ? -1 : q.value(rowsAt).toDouble();
            r.extra = q.value(extra).toString();
            rows.append(r);
        }
        plan = planFromMysqlRows(rows);
    } else {
        QByteArray json;
        while (q.next())
            json += q.value(0).toString().toUtf8();
        plan = planFromPostgresJson(json);
    }
    if (q.lastError().isValid())
        return Error::invalid(q.lastError().text());
    if (plan)
        plan->statement = statement;
    return plan;
}

} // namespace bb::dbx
