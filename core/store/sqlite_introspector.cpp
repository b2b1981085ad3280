#include "store/introspector_p.h"

#include <QRegularExpression>

namespace bb::store::internal {

namespace {

Result<void> readColumns(Database &db, QSqlDatabase &conn, Table &table, bool withoutRowid)
{
    // table_xinfo also reports generated (computed) columns, as hidden = 2 or 3.
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                                        "FROM pragma_table_xinfo(?) ORDER BY cid"),
                         {table.name});
    if (!rows)
        return rows.error();
    int pkCount = 0;
    for (const QVariantList &r : *rows) {
        if (r[5].toInt() == 1)
            continue; // hidden columns of virtual tables
        Column c;
        c.name = r[0].toString();
        c.declaredType = r[1].toString();
        c.type = columnTypeFromDeclared(c.declaredType);
        c.notNull = r[2].toInt() != 0;
        c.hasDefault = !r[3].isNull();
        c.defaultSql = r[3].toString();
        c.primaryKey = r[4].toInt() > 0;
        c.generated = r[5].toInt() >= 2;
        pkCount += c.primaryKey ? 1 : 0;
        table.columns.append(c);
    }
    if (pkCount == 1) {
        for (Column &c : table.columns) {
            if (!c.primaryKey)
                continue;
            table.primaryKey = c.name;
            // Only "INTEGER PRIMARY KEY" (exactly that type) aliases the rowid.
            if (!withoutRowid && !table.isView &&
                c.declaredType.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0) {
                c.generated = true;
                c.notNull = true;
            }
        }
    }
    return {};
}

Result<void> readIndexes(Database &db, QSqlDatabase &conn, Table &table)
{
    auto list = fetchAll(
        db, conn, QStringLiteral("SELECT name, \"unique\", partial FROM pragma_index_list(?)"),
        {table.name});
    if (!list)
        return list.error();
    for (const QVariantList &r : *list) {
        Index idx;
        idx.name = r[0].toString();
        idx.unique = r[1].toInt() != 0;
        auto cols = fetchAll(db, conn,
                             QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"),
                             {idx.name});
        if (!cols)
            return cols.error();
        for (const QVariantList &c : *cols)
            idx.columns.append(c[0].toString()); // null for expression columns
        table.indexes.append(idx);
        const bool partial = r[2].toInt() != 0;
        if (idx.unique && !partial && idx.columns.size() == 1 && !idx.columns[0].isEmpty()) {
            for (Column &c : table.columns) {
                if (c.name == idx.columns[0])
                    c.unique = true;
            }
        }
    }
    return {};
}

Result<void> readForeignKeys(Database &db, QSqlDatabase &conn, Table &table)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT id, \"table\", \"from\", \"to\", on_delete "
                                        "FROM pragma_foreign_key_list(?) ORDER BY id, seq"),
                         {table.name});
    if (!rows)
        return rows.error();
    int current = -1;
    for (const QVariantList &r : *rows) {
        if (r[0].toInt() != current) {
            current = r[0].toInt();
            ForeignKey fk;
            fk.refTable = r[1].toString();
            fk.onDelete = r[4].toString();
            table.foreignKeys.append(fk);
        }
        ForeignKey &fk = table.foreignKeys.last();
        fk.columns.append(r[2].toString());
        fk.refColumns.append(r[3].toString()); // empty: the referenced table's primary key
    }
    return {};
}

Result<void> readRowEstimates(Database &db, QSqlDatabase &conn, Schema &schema)
{
    auto hasStats = fetchAll(db, conn,
                             QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                            "AND name = 'sqlite_stat1'"));
    if (!hasStats)
        return hasStats.error();
    if (hasStats->isEmpty())
        return {};
    auto stats = fetchAll(db, conn, QStringLiteral("SELECT tbl, stat FROM sqlite_stat1"));
    if (!stats)
        return stats.error();
    for (const QVariantList &r : *stats) {
        // The first number of every stat row is the table's row count when ANALYZE ran.
        const qint64 rows = r[1].toString().section(QLatin1Char(' '), 0, 0).toLongLong();
        for (Table &t : schema.tables) {
            if (t.name == r[0].toString())
                t.rowEstimate = qMax(t.rowEstimate, rows);
        }
    }
    return {};
}

} // namespace

Result<Schema> introspectSqlite(Database &db, QSqlDatabase &conn)
{
    static const QRegularExpression withoutRowid(QStringLiteral("\\)\\s*WITHOUT\\s+ROWID"),
                                                 QRegularExpression::CaseInsensitiveOption);
    auto objects = fetchAll(db, conn,
                            QStringLiteral("SELECT name, type, sql FROM sqlite_master "
                                           "WHERE type IN ('table', 'view') "
                                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                           "ORDER BY name"));
    if (!objects)
        return objects.error();
    auto triggers = fetchAll(db, conn,
                             QStringLiteral("SELECT name, tbl_name FROM sqlite_master "
                                            "WHERE type = 'trigger' ORDER BY name"));
    if (!triggers)
        return triggers.error();

    Schema schema;
    for (const QVariantList &o : *objects) {
        Table t;
        t.name = o[0].toString();
        t.isView = o[1].toString() == QLatin1String("view");
        const bool noRowid = withoutRowid.match(o[2].toString()).hasMatch();
        if (auto r = readColumns(db, conn, t, noRowid); !r)
            return r.error();
        if (!t.isView) {
            if (auto r = readIndexes(db, conn, t); !r)
                return r.error();
            if (auto r = readForeignKeys(db, conn, t); !r)
                return r.error();
        }
        for (const QVariantList &tr : *triggers) {
            if (tr[1].toString() == t.name)
                t.triggers.append(tr[0].toString());
        }
        schema.tables.append(t);
    }
    // Resolve "REFERENCES t" (no column list) to t's primary key.
    for (Table &t : schema.tables) {
        for (ForeignKey &fk : t.foreignKeys) {
            const Table *ref = schema.table(fk.refTable);
            for (QString &col : fk.refColumns) {
                if (col.isEmpty() && ref)
                    col = ref->primaryKey;
            }
        }
    }
    if (auto r = readRowEstimates(db, conn, schema); !r)
        return r.error();
    return schema;
}

} // namespace bb::store::internal
