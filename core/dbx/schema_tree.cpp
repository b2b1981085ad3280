#include "dbx/schema_tree.h"
#include "dbx/connection_task.h"
#include "dbx/schema_readers_p.h"
#include <algorithm>

namespace bb::dbx {

QStringList SchemaTable::primaryKey() const
{
    QList<const SchemaColumn *> keys;
    for (const SchemaColumn &c : columns) {
        if (c.primaryKey)
            keys << &c;
    }
    std::stable_sort(keys.begin(), keys.end(), [](const SchemaColumn *a, const SchemaColumn *b) {
        return a->primaryKeyOrdinal < b->primaryKeyOrdinal;
    });
    QStringList out;
    for (const SchemaColumn *c : keys)
        out << c->name;
    return out;
}

const SchemaColumn *SchemaTable::column(QStringView name) const
{
    for (const SchemaColumn &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

const SchemaTable *SchemaTree::find(const QString &schema, const QString &name) const
{
    const QString wanted = schema.isEmpty() ? defaultSchema : schema;
    for (const SchemaNamespace &ns : schemas) {
        if (ns.name != wanted)
            continue;
        for (const SchemaTable &t : ns.tables) {
            if (t.name == name)
                return &t;
        }
    }
    return nullptr;
}

int SchemaTree::tableCount() const
{
    int n = 0;
    for (const SchemaNamespace &ns : schemas)
        n += int(std::count_if(ns.tables.begin(), ns.tables.end(),
                               [](const SchemaTable &t) { return !t.isView; }));
    return n;
}

int SchemaTree::viewCount() const
{
    int n = 0;
    for (const SchemaNamespace &ns : schemas)
        n += int(std::count_if(ns.tables.begin(), ns.tables.end(),
                               [](const SchemaTable &t) { return t.isView; }));
    return n;
}

Result<SchemaTree> readSchemaTree(store::Database &db, QSqlDatabase &conn)
{
    switch (db.dialect()) {
    case store::Dialect::Sqlite:
        return internal::readSqliteTree(db, conn);
    case store::Dialect::Postgres:
        return internal::readPostgresTree(db, conn);
    case store::Dialect::Mysql:
        return internal::readMysqlTree(db, conn);
    }
    return Error::internal(QStringLiteral("unknown dialect"));
}

void loadSchemaTree(QObject *context, std::shared_ptr<store::Database> db,
                    std::function<void(Result<SchemaTree>)> done)
{
    runInBackground<SchemaTree>(
        context,
        [db]() -> Result<SchemaTree> {
            QSqlDatabase conn = db->reader();
            if (!conn.isOpen()) {
                db->releaseReader();
                return Error::unavailable(
                    QStringLiteral("cannot connect to %1").arg(db->displayUrl()));
            }
            auto tree = readSchemaTree(*db, conn);
            conn = QSqlDatabase();
            // Pool threads are reused; their connection must not linger.
            db->releaseReader();
            return tree;
        },
        std::move(done));
}

} // namespace bb::dbx
