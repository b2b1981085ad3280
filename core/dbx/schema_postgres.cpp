#include "dbx/schema_readers_p.h"

namespace bb::dbx::internal {

namespace {

// Every schema but PostgreSQL's own; each query below reads all tables at once so a schema with
// hundreds of tables costs a handful of round trips, not hundreds.
const QString kUserSchemas =
    QStringLiteral("n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
                   "'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'");

QString actionName(const QString &code)
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

// pg_trigger.tgtype bits (see PostgreSQL's pg_trigger.h).
SchemaTrigger triggerFromType(const QString &name, int type)
{
    SchemaTrigger t;
    t.name = name;
    t.timing = (type & 2)    ? QStringLiteral("BEFORE")
               : (type & 64) ? QStringLiteral("INSTEAD OF")
                             : QStringLiteral("AFTER");
    QStringList events;
    if (type & 4)
        events << QStringLiteral("INSERT");
    if (type & 16)
        events << QStringLiteral("UPDATE");
    if (type & 8)
        events << QStringLiteral("DELETE");
    if (type & 32)
        events << QStringLiteral("TRUNCATE");
    t.event = events.join(QLatin1String(" OR "));
    return t;
}

} // namespace

Result<SchemaTree> readPostgresTree(store::Database &db, QSqlDatabase &conn)
{
    SchemaTree tree;
    tree.dialect = store::Dialect::Postgres;
    auto current = db.scalar(conn, QStringLiteral("SELECT current_schema()"));
    if (!current)
        return current.error();
    tree.defaultSchema = current->toString();

    auto schemas =
        fetchAll(db, conn,
                 QStringLiteral("SELECT n.nspname FROM pg_namespace n WHERE %1 ORDER BY n.nspname")
                     .arg(kUserSchemas));
    if (!schemas)
        return schemas.error();
    auto objects = fetchAll(db, conn,
                            QStringLiteral("SELECT c.oid::bigint, n.nspname, c.relname, c.relkind, "
                                           "c.reltuples::bigint FROM pg_class c "
                                           "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                           "WHERE %1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                                           "ORDER BY n.nspname, c.relname")
                                .arg(kUserSchemas));
    if (!objects)
        return objects.error();

    QHash<qint64, SchemaTable> byOid;
    QList<qint64> order;
    for (const QVariantList &o : *objects) {
        SchemaTable t;
        t.schema = o[1].toString();
        t.name = o[2].toString();
        const QString kind = o[3].toString();
        t.isView = kind == QLatin1String("v") || kind == QLatin1String("m");
        const qint64 tuples = o[4].toLongLong();
        if (t.isView) {
            t.rowEstimateSource = QStringLiteral("none: a view");
        } else if (tuples < 0) {
            // reltuples is -1 until the first VACUUM or ANALYZE.
            t.rowEstimateSource = QStringLiteral("none: not analyzed yet");
        } else {
            t.rowEstimate = tuples;
            t.rowEstimateSource = QStringLiteral("pg_class.reltuples");
        }
        byOid.insert(o[0].toLongLong(), t);
        order << o[0].toLongLong();
    }

    auto columns = fetchAll(
        db, conn,
        QStringLiteral("SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, "
                       "a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
                       "a.attidentity, "
                       "COALESCE(array_position(pk.conkey, a.attnum), 0) "
                       "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                       "JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                       "LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND "
                       "pk.contype = 'p' "
                       "WHERE %1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 "
                       "AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum")
            .arg(kUserSchemas));
    if (!columns)
        return columns.error();
    for (const QVariantList &r : *columns) {
        auto it = byOid.find(r[0].toLongLong());
        if (it == byOid.end())
            continue;
        SchemaColumn c;
        c.name = r[1].toString();
        c.type = r[2].toString();
        c.nullable = !r[3].toBool();
        const QString identity = r[5].toString().trimmed();
        c.hasDefault = !r[4].isNull() || !identity.isEmpty();
        c.defaultSql =
            !r[4].isNull()                   ? r[4].toString()
            : identity == QLatin1String("a") ? QStringLiteral("GENERATED ALWAYS AS IDENTITY")
            : identity == QLatin1String("d") ? QStringLiteral("GENERATED BY DEFAULT AS IDENTITY")
                                             : QString();
        c.primaryKeyOrdinal = r[6].toInt();
        c.primaryKey = c.primaryKeyOrdinal > 0;
        it->columns.append(c);
    }

    auto indexes = fetchAll(
        db, conn,
        QStringLiteral("SELECT ix.indrelid::bigint, i.relname, ix.indisunique, ix.indisprimary, "
                       // A plain column by its name; an expression as pg_get_indexdef writes it.
                       "(SELECT string_agg(COALESCE(a.attname, pg_get_indexdef(ix.indexrelid, k, "
                       "true)), chr(31) ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k "
                       "LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = "
                       "ix.indkey[k - 1] AND ix.indkey[k - 1] <> 0) "
                       "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                       "JOIN pg_namespace n ON n.oid = i.relnamespace "
                       "WHERE %1 ORDER BY ix.indrelid, i.relname")
            .arg(kUserSchemas));
    if (!indexes)
        return indexes.error();
    for (const QVariantList &r : *indexes) {
        auto it = byOid.find(r[0].toLongLong());
        if (it == byOid.end())
            continue;
        SchemaIndex idx;
        idx.name = r[1].toString();
        idx.unique = r[2].toBool();
        idx.primary = r[3].toBool();
        idx.columns = splitJoined(r[4]);
        it->indexes.append(idx);
    }

    const QString names =
        QStringLiteral("(SELECT string_agg(a.attname, chr(31) ORDER BY k.n) "
                       "FROM unnest(%1) WITH ORDINALITY AS k(attnum, n) "
                       "JOIN pg_attribute a ON a.attrelid = %2 AND a.attnum = k.attnum)");
    auto fks = fetchAll(
        db, conn,
        QStringLiteral("SELECT con.conrelid::bigint, con.conname, ") +
            names.arg(QLatin1String("con.conkey"), QLatin1String("con.conrelid")) +
            QStringLiteral(", rn.nspname, ref.relname, ") +
            names.arg(QLatin1String("con.confkey"), QLatin1String("con.confrelid")) +
            QStringLiteral(", con.confupdtype, con.confdeltype FROM pg_constraint con "
                           "JOIN pg_class ref ON ref.oid = con.confrelid "
                           "JOIN pg_namespace rn ON rn.oid = ref.relnamespace "
                           "JOIN pg_namespace n ON n.oid = con.connamespace "
                           "WHERE con.contype = 'f' AND %1 ORDER BY con.conrelid, con.conname")
                .arg(kUserSchemas));
    if (!fks)
        return fks.error();
    for (const QVariantList &r : *fks) {
        auto it = byOid.find(r[0].toLongLong());
        if (it == byOid.end())
            continue;
        SchemaForeignKey fk;
        fk.name = r[1].toString();
        fk.columns = splitJoined(r[2]);
        fk.refSchema = r[3].toString();
        fk.refTable = r[4].toString();
        fk.refColumns = splitJoined(r[5]);
        fk.onUpdate = actionName(r[6].toString());
        fk.onDelete = actionName(r[7].toString());
        it->foreignKeys.append(fk);
    }

    auto triggers = fetchAll(db, conn,
                             QStringLiteral("SELECT t.tgrelid::bigint, t.tgname, t.tgtype::int "
                                            "FROM pg_trigger t WHERE NOT t.tgisinternal "
                                            "ORDER BY t.tgrelid, t.tgname"));
    if (!triggers)
        return triggers.error();
    for (const QVariantList &r : *triggers) {
        auto it = byOid.find(r[0].toLongLong());
        if (it != byOid.end())
            it->triggers << triggerFromType(r[1].toString(), r[2].toInt());
    }

    for (const QVariantList &s : *schemas) {
        SchemaNamespace ns;
        ns.name = s[0].toString();
        for (qint64 oid : order) {
            if (byOid[oid].schema == ns.name)
                ns.tables.append(byOid[oid]);
        }
        tree.schemas.append(ns);
    }
    return tree;
}

} // namespace bb::dbx::internal
