#include "store/introspector_p.h"

#include <QHash>

namespace bb::store::internal {

namespace {

// Columns and keys of every table at once: information_schema lookups per table are slow on
// MySQL (each one may open table definitions), so one query per kind of fact.
Result<void> readColumns(Database &db, QSqlDatabase &conn, Schema &schema)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
                                        "COLUMN_DEFAULT, COLUMN_KEY, EXTRA "
                                        "FROM information_schema.COLUMNS "
                                        "WHERE TABLE_SCHEMA = DATABASE() "
                                        "ORDER BY TABLE_NAME, ORDINAL_POSITION"));
    if (!rows)
        return rows.error();
    QHash<QString, qsizetype> byName;
    for (qsizetype i = 0; i < schema.tables.size(); ++i)
        byName.insert(schema.tables[i].name, i);
    for (const QVariantList &r : *rows) {
        const auto at = byName.constFind(r[0].toString());
        if (at == byName.constEnd())
            continue;
        Table *t = &schema.tables[*at];
        Column c;
        c.name = r[1].toString();
        c.declaredType = r[2].toString();
        c.type = columnTypeFromDeclared(c.declaredType);
        c.notNull = r[3].toString() == QLatin1String("NO");
        // MariaDB reports a missing default as the text NULL, MySQL as SQL NULL.
        c.hasDefault = !r[4].isNull() && r[4].toString() != QLatin1String("NULL");
        c.defaultSql = c.hasDefault ? r[4].toString() : QString();
        c.primaryKey = r[5].toString() == QLatin1String("PRI");
        c.unique = r[5].toString() == QLatin1String("UNI");
        const QString extra = r[6].toString();
        c.generated = extra.contains(QLatin1String("auto_increment")) ||
                      extra.contains(QLatin1String("GENERATED"), Qt::CaseInsensitive);
        t->columns.append(c);
    }
    for (Table &t : schema.tables) {
        QStringList keys;
        for (const Column &c : t.columns) {
            if (c.primaryKey)
                keys << c.name;
        }
        if (keys.size() == 1 && !t.isView)
            t.primaryKey = keys.first();
    }
    return {};
}

Result<void> readIndexes(Database &db, QSqlDatabase &conn, Schema &schema)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
                                        "FROM information_schema.STATISTICS "
                                        "WHERE TABLE_SCHEMA = DATABASE() "
                                        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"));
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        for (Table &t : schema.tables) {
            if (t.name != r[0].toString())
                continue;
            const QString name = r[1].toString();
            if (t.indexes.isEmpty() || t.indexes.last().name != name) {
                Index idx;
                idx.name = name;
                idx.unique = r[2].toInt() == 0;
                t.indexes.append(idx);
            }
            t.indexes.last().columns << r[3].toString();
        }
    }
    return {};
}

Result<void> readForeignKeys(Database &db, QSqlDatabase &conn, Schema &schema)
{
    auto rows = fetchAll(
        db, conn,
        QStringLiteral("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                       "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE "
                       "FROM information_schema.KEY_COLUMN_USAGE k "
                       "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                       "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                       "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                       "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                       "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"));
    if (!rows)
        return rows.error();
    QString lastKey;
    for (const QVariantList &r : *rows) {
        for (Table &t : schema.tables) {
            if (t.name != r[0].toString())
                continue;
            const QString key = r[0].toString() + QLatin1Char('.') + r[1].toString();
            if (key != lastKey) {
                ForeignKey fk;
                fk.refTable = r[3].toString();
                fk.onDelete = r[5].toString();
                t.foreignKeys.append(fk);
                lastKey = key;
            }
            t.foreignKeys.last().columns << r[2].toString();
            t.foreignKeys.last().refColumns << r[4].toString();
        }
    }
    return {};
}

Result<void> readTriggers(Database &db, QSqlDatabase &conn, Schema &schema)
{
    auto rows = fetchAll(db, conn,
                         QStringLiteral("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME "
                                        "FROM information_schema.TRIGGERS "
                                        "WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME"));
    if (!rows)
        return rows.error();
    for (const QVariantList &r : *rows) {
        for (Table &t : schema.tables) {
            if (t.name == r[0].toString())
                t.triggers << r[1].toString();
        }
    }
    return {};
}

} // namespace

Result<Schema> introspectMysql(Database &db, QSqlDatabase &conn)
{
    auto objects = fetchAll(db, conn,
                            QStringLiteral("SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS "
                                           "FROM information_schema.TABLES "
                                           "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"));
    if (!objects)
        return objects.error();
    Schema schema;
    for (const QVariantList &o : *objects) {
        Table t;
        t.name = o[0].toString();
        t.isView = o[1].toString() == QLatin1String("VIEW");
        // TABLE_ROWS is InnoDB's sampled estimate; NULL for views.
        t.rowEstimate = t.isView || o[2].isNull() ? -1 : o[2].toLongLong();
        schema.tables.append(t);
    }
    for (auto step : {readColumns, readIndexes, readForeignKeys, readTriggers}) {
        if (auto r = step(db, conn, schema); !r)
            return r.error();
    }
    return schema;
}

} // namespace bb::store::internal
