#include "store/introspector_p.h"

namespace bb::store::internal {

QString postgresActionName(const QString &code)
{
    if (code == QLatin1String("c"))
        return QStringLiteral("CASCADE");
    if (code == QLatin1String("n"))
        return QStringLiteral("SET NULL");
    if (code == QLatin1String("d"))
        return QStringLiteral("SET DEFAULT");
    if (code == QLatin1String("r"))
        return QStringLiteral("RESTRICT");
    return QStringLiteral("NO ACTION");
}

namespace {

Result<void> readColumns(Database &db, QSqlDatabase &conn, Table &table, qint64 oid)
{
    auto rows = fetchAll(
        db, conn,
        QStringLiteral("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                       "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated "
                       "FROM pg_attribute a "
                       "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                       "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped "
                       "ORDER BY a.attnum"),
        {oid});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        Column c;
        c.name = r[0].toString();
        c.declaredType = r[1].toString();
        c.type = columnTypeFromDeclared(c.declaredType);
        c.notNull = r[2].toBool();
        const QString identity = r[4].toString().trimmed();
        const QString computed = r[5].toString().trimmed();
        c.defaultSql = r[3].toString();
        c.hasDefault = !r[3].isNull() || !identity.isEmpty();
        c.generated = !identity.isEmpty() || !computed.isEmpty() ||
                      c.defaultSql.startsWith(QLatin1String("nextval("));
        table.columns.append(c);
    }
    return {};
}

Result<void> readConstraints(Database &db, QSqlDatabase &conn, Table &table, qint64 oid)
{
    const QString names =
        QStringLiteral("(SELECT string_agg(a.attname, chr(31) ORDER BY k.n) "
                       "FROM unnest(%1) WITH ORDINALITY AS k(attnum, n) "
                       "JOIN pg_attribute a ON a.attrelid = %2 AND a.attnum = k.attnum)");
    auto rows =
        fetchAll(db, conn,
                 QStringLiteral("SELECT con.contype, ") +
                     names.arg(QLatin1String("con.conkey"), QLatin1String("con.conrelid")) +
                     QStringLiteral(", ref.relname, ") +
                     names.arg(QLatin1String("con.confkey"), QLatin1String("con.confrelid")) +
                     QStringLiteral(", con.confdeltype FROM pg_constraint con "
                                    "LEFT JOIN pg_class ref ON ref.oid = con.confrelid "
                                    "WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'f') "
                                    "ORDER BY con.conname"),
                 {oid});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        const QString kind = r[0].toString();
        const QStringList cols = splitJoined(r[1]);
        if (kind == QLatin1String("p")) {
            for (Column &c : table.columns)
                c.primaryKey = cols.contains(c.name);
            if (cols.size() == 1)
                table.primaryKey = cols.first();
        } else if (kind == QLatin1String("u") && cols.size() == 1) {
            for (Column &c : table.columns) {
                if (c.name == cols.first())
                    c.unique = true;
            }
        } else if (kind == QLatin1String("f")) {
            ForeignKey fk;
            fk.columns = cols;
            fk.refTable = r[2].toString();
            fk.refColumns = splitJoined(r[3]);
            fk.onDelete = postgresActionName(r[4].toString());
            table.foreignKeys.append(fk);
        }
    }
    return {};
}

Result<void> readIndexes(Database &db, QSqlDatabase &conn, Table &table, qint64 oid)
{
    auto rows =
        fetchAll(db, conn,
                 QStringLiteral("SELECT i.relname, ix.indisunique, ix.indpred IS NOT NULL, "
                                "(SELECT string_agg(COALESCE(a.attname, ''), chr(31) ORDER BY k.n) "
                                " FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) "
                                " LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid "
                                " AND a.attnum = k.attnum) "
                                "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                                "WHERE ix.indrelid = ? ORDER BY i.relname"),
                 {oid});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        Index idx;
        idx.name = r[0].toString();
        idx.unique = r[1].toBool();
        idx.columns = splitJoined(r[3]);
        table.indexes.append(idx);
        const bool partial = r[2].toBool();
        if (idx.unique && !partial && idx.columns.size() == 1) {
            for (Column &c : table.columns) {
                if (c.name == idx.columns.first())
                    c.unique = true;
            }
        }
    }
    return {};
}

Result<void> readTriggers(Database &db, QSqlDatabase &conn, Table &table, qint64 oid)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT tgname FROM pg_trigger "
                                        "WHERE tgrelid = ? AND NOT tgisinternal ORDER BY tgname"),
                         {oid});
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows)
        table.triggers.append(r[0].toString());
    return {};
}

} // namespace

Result<Schema> introspectPostgres(Database &db, QSqlDatabase &conn)
{
    auto objects = fetchAll(
        db, conn,
        QStringLiteral("SELECT c.oid::bigint, c.relname, c.relkind, c.reltuples::bigint "
                       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm') "
                       "ORDER BY c.relname"));
    if (!objects)
        return objects.error();
    Schema schema;
    for (const QVariantList &o : *objects) {
        const qint64 oid = o[0].toLongLong();
        Table t;
        t.name = o[1].toString();
        const QString kind = o[2].toString();
        t.isView = kind == QLatin1String("v") || kind == QLatin1String("m");
        // reltuples is -1 until the first VACUUM or ANALYZE.
        const qint64 tuples = o[3].toLongLong();
        t.rowEstimate = t.isView || tuples < 0 ? -1 : tuples;
        if (auto r = readColumns(db, conn, t, oid); !r)
            return r.error();
        if (!t.isView) {
            if (auto r = readConstraints(db, conn, t, oid); !r)
                return r.error();
            if (auto r = readIndexes(db, conn, t, oid); !r)
                return r.error();
            if (auto r = readTriggers(db, conn, t, oid); !r)
                return r.error();
        }
        schema.tables.append(t);
    }
    return schema;
}

} // namespace bb::store::internal
