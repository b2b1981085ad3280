// bb::dbx — the schema tree the database browser shows: schemas, tables and views with their
// columns, indexes, foreign keys, triggers and row estimates. Plain structs (no model), read per
// driver on a worker thread; the panel turns them into whatever item model it likes.
#pragma once
#include "common/result.h"
#include "store/database.h"
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace bb::dbx {

struct SchemaColumn {
    QString name;
    QString type; ///< as declared / reported ("VARCHAR(40)", "integer", "int(11)")
    bool nullable = true;
    QString defaultSql; ///< the default expression; empty when none
    bool hasDefault = false;
    bool primaryKey = false;
    int primaryKeyOrdinal = 0; ///< 1-based position within a composite key; 0 when not a key
};

struct SchemaIndex {
    QString name;
    QStringList columns; ///< expressions show as their text, or empty entries when unknown
    bool unique = false;
    bool primary = false; ///< backs the primary key
};

struct SchemaForeignKey {
    QString name; ///< constraint name; SQLite has none, then empty
    QStringList columns;
    QString refSchema; ///< empty on SQLite
    QString refTable;
    QStringList refColumns; ///< SQLite may leave these empty (the referenced primary key)
    QString onUpdate;
    QString onDelete;
};

struct SchemaTrigger {
    QString name;
    QString timing; ///< BEFORE / AFTER / INSTEAD OF (empty when the driver does not say)
    QString event;  ///< INSERT / UPDATE / DELETE (or several joined by " OR ")
};

struct SchemaTable {
    QString schema; ///< "main" on SQLite, the namespace on PostgreSQL, the database on MySQL
    QString name;
    bool isView = false;
    QList<SchemaColumn> columns;
    QList<SchemaIndex> indexes;
    QList<SchemaForeignKey> foreignKeys;
    QList<SchemaTrigger> triggers;
    qint64 rowEstimate = -1; ///< -1 when unknown
    /// Where the estimate comes from ("sqlite_stat1", "pg_class.reltuples",
    /// "information_schema.TABLES", "max(rowid)") or why there is none.
    QString rowEstimateSource;

    QStringList primaryKey() const; ///< key columns in key order
    const SchemaColumn *column(QStringView name) const;
};

struct SchemaNamespace {
    QString name;
    QList<SchemaTable> tables; ///< tables and views, sorted by name
};

struct SchemaTree {
    store::Dialect dialect = store::Dialect::Sqlite;
    QList<SchemaNamespace>
        schemas;           ///< SQLite: "main" only; PG: non-system schemas; MySQL: the database
    QString defaultSchema; ///< where unqualified names resolve

    const SchemaTable *find(const QString &schema, const QString &name) const;
    /// Tables only (no views) across every schema.
    int tableCount() const;
    int viewCount() const;
};

/// Reads the tree on the calling thread with `conn` (a reader of `db`). Blocking.
Result<SchemaTree> readSchemaTree(store::Database &db, QSqlDatabase &conn);
/// Reads the tree on the thread pool with its own reader; `done` runs on `context`'s thread.
void loadSchemaTree(QObject *context, std::shared_ptr<store::Database> db,
                    std::function<void(Result<SchemaTree>)> done);

} // namespace bb::dbx
