#include "dbx/schema_readers_p.h"
#include "store/filter.h"
#include <QRegularExpression>

namespace bb::dbx::internal {

namespace {

Result<void> readColumns(store::Database &db, QSqlDatabase &conn, SchemaTable &t)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                                        "FROM pragma_table_xinfo(?) ORDER BY cid"),
                         {t.name});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        if (r[5].toInt() == 1)
            continue; // hidden columns of virtual tables
        SchemaColumn c;
        c.name = r[0].toString();
        c.type = r[1].toString();
        c.nullable = r[2].toInt() == 0;
        c.hasDefault = !r[3].isNull();
        c.defaultSql = r[3].toString();
        c.primaryKeyOrdinal = r[4].toInt();
        c.primaryKey = c.primaryKeyOrdinal > 0;
        t.columns.append(c);
    }
    return {};
}

Result<void> readIndexes(store::Database &db, QSqlDatabase &conn, SchemaTable &t)
{
    auto list = fetchAll(
        db, conn, QStringLiteral("SELECT name, \"unique\", origin FROM pragma_index_list(?)"),
        {t.name});
    if (!list)
        return list.error();
    for (const QVariantList &r : *list) {
        SchemaIndex idx;
        idx.name = r[0].toString();
        idx.unique = r[1].toInt() != 0;
        idx.primary = r[2].toString() == QLatin1String("pk");
        // Expression columns have no name (NULL): an empty entry says "an expression".
        auto cols = fetchAll(db, conn,
                             QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"),
                             {idx.name});
        if (!cols)
            return cols.error();
        for (const QVariantList &c : *cols)
            idx.columns << c[0].toString();
        t.indexes.append(idx);
    }
    return {};
}

Result<void> readForeignKeys(store::Database &db, QSqlDatabase &conn, SchemaTable &t)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT id, \"table\", \"from\", \"to\", on_update, "
                                        "on_delete FROM pragma_foreign_key_list(?) "
                                        "ORDER BY id, seq"),
                         {t.name});
    if (!rows)
        return rows.error();
    int lastId = -1;
    for (const QVariantList &r : *rows) {
        if (r[0].toInt() != lastId) {
            SchemaForeignKey fk;
            fk.refTable = r[1].toString();
            fk.onUpdate = r[4].toString();
            fk.onDelete = r[5].toString();
            t.foreignKeys.append(fk);
            lastId = r[0].toInt();
        }
        t.foreignKeys.last().columns << r[2].toString();
        // "to" is NULL when the reference names the parent's primary key implicitly.
        if (!r[3].isNull())
            t.foreignKeys.last().refColumns << r[3].toString();
    }
    return {};
}

SchemaTrigger triggerFromSql(const QString &name, const QString &sql)
{
    static const QRegularExpression shape(
        QStringLiteral("\\b(BEFORE|AFTER|INSTEAD\\s+OF)?\\s*(INSERT|UPDATE|DELETE)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    SchemaTrigger tr;
    tr.name = name;
    // The part after the trigger's name; the name itself may contain any of the words.
    const qsizetype at = sql.indexOf(name);
    const auto m = shape.match(sql, at < 0 ? 0 : at + name.size());
    if (m.hasMatch()) {
        tr.timing = m.captured(1).simplified().toUpper();
        if (tr.timing.isEmpty())
            tr.timing = QStringLiteral("BEFORE"); // SQLite's default
        tr.event = m.captured(2).toUpper();
    }
    return tr;
}

} // namespace

Result<SchemaTree> readSqliteTree(store::Database &db, QSqlDatabase &conn)
{
    SchemaTree tree;
    tree.dialect = store::Dialect::Sqlite;
    tree.defaultSchema = QStringLiteral("main");
    SchemaNamespace ns;
    ns.name = tree.defaultSchema;

    auto objects = fetchAll(db, conn,
                            QStringLiteral("SELECT name, type, sql FROM sqlite_master "
                                           "WHERE type IN ('table', 'view', 'trigger') AND name "
                                           "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"));
    if (!objects)
        return objects.error();
    auto hasStat = fetchAll(db, conn,
                            QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                           "name = 'sqlite_stat1'"));
    if (!hasStat)
        return hasStat.error();
    QHash<QString, qint64> stats;
    if (!hasStat->isEmpty()) {
        // The first number of each stat row is the table's row count when ANALYZE ran.
        auto rows = fetchAll(db, conn, QStringLiteral("SELECT tbl, stat FROM sqlite_stat1"));
        if (!rows)
            return rows.error();
        for (const QVariantList &r : *rows)
            stats.insert(r[0].toString(),
                         r[1].toString().section(QLatin1Char(' '), 0, 0).toLongLong());
    }

    for (const QVariantList &o : *objects) {
        if (o[1].toString() == QLatin1String("trigger"))
            continue;
        SchemaTable t;
        t.schema = ns.name;
        t.name = o[0].toString();
        t.isView = o[1].toString() == QLatin1String("view");
        if (auto r = readColumns(db, conn, t); !r)
            return r.error();
        if (!t.isView) {
            if (auto r = readIndexes(db, conn, t); !r)
                return r.error();
            if (auto r = readForeignKeys(db, conn, t); !r)
                return r.error();
        }
        auto triggers = fetchAll(db, conn,
                                 QStringLiteral("SELECT name, sql FROM sqlite_master WHERE "
                                                "type = 'trigger' AND tbl_name = ? ORDER BY name"),
                                 {t.name});
        if (!triggers)
            return triggers.error();
        for (const QVariantList &r : *triggers)
            t.triggers << triggerFromSql(r[0].toString(), r[1].toString());

        if (t.isView) {
            t.rowEstimateSource = QStringLiteral("none: a view");
        } else if (stats.contains(t.name)) {
            t.rowEstimate = stats.value(t.name);
            t.rowEstimateSource = QStringLiteral("sqlite_stat1");
        } else if (o[2].toString().contains(QLatin1String("WITHOUT ROWID"), Qt::CaseInsensitive)) {
            t.rowEstimateSource = QStringLiteral("none: no ANALYZE statistics");
        } else {
            // An index lookup, never a scan; exact unless rows were deleted from the end.
            auto max = db.scalar(
                conn,
                QStringLiteral("SELECT max(rowid) FROM %1").arg(store::quoteIdentifier(t.name)));
            if (max && max->isValid()) {
                t.rowEstimate = max->isNull() ? 0 : max->toLongLong();
                t.rowEstimateSource = QStringLiteral("max(rowid): an upper bound");
            } else {
                t.rowEstimateSource = QStringLiteral("none: no ANALYZE statistics");
            }
        }
        ns.tables.append(t);
    }
    tree.schemas.append(ns);
    return tree;
}

} // namespace bb::dbx::internal
