#include "dbx/schema_readers_p.h"
#include <QHash>

namespace bb::dbx::internal {

namespace {

// Looks tables up by name in O(1): each fact query returns rows for every table.
class TableIndex {
public:
    explicit TableIndex(QList<SchemaTable> &tables)
        : m_tables(tables)
    {
        for (qsizetype i = 0; i < tables.size(); ++i)
            m_byName.insert(tables[i].name, i);
    }
    SchemaTable *find(const QString &name)
    {
        const auto it = m_byName.constFind(name);
        return it == m_byName.constEnd() ? nullptr : &m_tables[*it];
    }

private:
    QList<SchemaTable> &m_tables;
    QHash<QString, qsizetype> m_byName;
};

} // namespace

// One query per kind of fact for the whole database: information_schema lookups open table
// definitions on MySQL, so per-table queries get slow on big schemas.
Result<SchemaTree> readMysqlTree(store::Database &db, QSqlDatabase &conn)
{
    SchemaTree tree;
    tree.dialect = store::Dialect::Mysql;
    auto current = db.scalar(conn, QStringLiteral("SELECT DATABASE()"));
    if (!current)
        return current.error();
    tree.defaultSchema = current->toString();
    SchemaNamespace ns;
    ns.name = tree.defaultSchema;

    auto objects = fetchAll(db, conn,
                            QStringLiteral("SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS "
                                           "FROM information_schema.TABLES "
                                           "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"));
    if (!objects)
        return objects.error();
    for (const QVariantList &o : *objects) {
        SchemaTable t;
        t.schema = ns.name;
        t.name = o[0].toString();
        t.isView = o[1].toString() == QLatin1String("VIEW");
        if (t.isView || o[2].isNull()) {
            t.rowEstimateSource = QStringLiteral("none: a view");
        } else {
            t.rowEstimate = o[2].toLongLong();
            // InnoDB samples pages for it: within tens of percent, not exact.
            t.rowEstimateSource = QStringLiteral("information_schema.TABLES");
        }
        ns.tables.append(t);
    }

    TableIndex index(ns.tables);
    auto columns = fetchAll(
        db, conn,
        QStringLiteral("SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, "
                       "c.COLUMN_DEFAULT, c.EXTRA, COALESCE(k.ORDINAL_POSITION, 0) "
                       "FROM information_schema.COLUMNS c "
                       "LEFT JOIN information_schema.KEY_COLUMN_USAGE k "
                       "ON k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME "
                       "AND k.COLUMN_NAME = c.COLUMN_NAME AND k.CONSTRAINT_NAME = 'PRIMARY' "
                       "WHERE c.TABLE_SCHEMA = DATABASE() "
                       "ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION"));
    if (!columns)
        return columns.error();
    for (const QVariantList &r : *columns) {
        SchemaTable *t = index.find(r[0].toString());
        if (!t)
            continue;
        SchemaColumn c;
        c.name = r[1].toString();
        c.type = r[2].toString();
        c.nullable = r[3].toString() != QLatin1String("NO");
        // MariaDB reports "no default" as the text NULL, MySQL as SQL NULL.
        c.hasDefault = !r[4].isNull() && r[4].toString() != QLatin1String("NULL");
        c.defaultSql = c.hasDefault ? r[4].toString() : QString();
        if (r[5].toString().contains(QLatin1String("auto_increment"))) {
            c.hasDefault = true;
            c.defaultSql = QStringLiteral("AUTO_INCREMENT");
        }
        c.primaryKeyOrdinal = r[6].toInt();
        c.primaryKey = c.primaryKeyOrdinal > 0;
        t->columns.append(c);
    }

    auto indexes = fetchAll(db, conn,
                            QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
                                           "FROM information_schema.STATISTICS "
                                           "WHERE TABLE_SCHEMA = DATABASE() "
                                           "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"));
    if (!indexes)
        return indexes.error();
    for (const QVariantList &r : *indexes) {
        SchemaTable *t = index.find(r[0].toString());
        if (!t)
            continue;
        const QString name = r[1].toString();
        if (t->indexes.isEmpty() || t->indexes.last().name != name) {
            SchemaIndex idx;
            idx.name = name;
            idx.unique = r[2].toInt() == 0;
            idx.primary = name == QLatin1String("PRIMARY");
            t->indexes.append(idx);
        }
        t->indexes.last().columns << r[3].toString();
    }

    auto fks = fetchAll(
        db, conn,
        QStringLiteral("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                       "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, "
                       "k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE "
                       "FROM information_schema.KEY_COLUMN_USAGE k "
                       "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                       "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                       "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                       "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                       "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"));
    if (!fks)
        return fks.error();
    for (const QVariantList &r : *fks) {
        SchemaTable *t = index.find(r[0].toString());
        if (!t)
            continue;
        if (t->foreignKeys.isEmpty() || t->foreignKeys.last().name != r[1].toString()) {
            SchemaForeignKey fk;
            fk.name = r[1].toString();
            fk.refSchema = r[3].toString();
            fk.refTable = r[4].toString();
            fk.onUpdate = r[6].toString();
            fk.onDelete = r[7].toString();
            t->foreignKeys.append(fk);
        }
        t->foreignKeys.last().columns << r[2].toString();
        t->foreignKeys.last().refColumns << r[5].toString();
    }

    auto triggers = fetchAll(db, conn,
                             QStringLiteral("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, "
                                            "ACTION_TIMING, EVENT_MANIPULATION "
                                            "FROM information_schema.TRIGGERS "
                                            "WHERE TRIGGER_SCHEMA = DATABASE() "
                                            "ORDER BY TRIGGER_NAME"));
    if (!triggers)
        return triggers.error();
    for (const QVariantList &r : *triggers) {
        if (SchemaTable *t = index.find(r[0].toString()))
            t->triggers << SchemaTrigger{r[1].toString(), r[2].toString(), r[3].toString()};
    }
    tree.schemas.append(ns);
    return tree;
}

} // namespace bb::dbx::internal
