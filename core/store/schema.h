// bb::store — the shape of a database as the engine and the browser see it.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace bb::store {

/// Mysql (QMYSQL, MySQL or MariaDB) is for browsing only: the engine's migrations refuse it.
enum class Dialect { Sqlite, Postgres, Mysql };

/// How a column's values map to JSON and how they are validated.
enum class ColumnType { Integer, Real, Text, Boolean, DateTime, Blob, Json, Other };

struct Column {
    QString name;
    QString declaredType; ///< as the database reports it, e.g. "VARCHAR(200)"
    ColumnType type = ColumnType::Other;
    bool notNull = false;
    bool primaryKey = false;
    bool unique = false; ///< a single-column UNIQUE constraint or unique index
    bool hasDefault = false;
    QString defaultSql;     ///< the default expression as text
    bool generated = false; ///< the database fills it (rowid alias, identity, serial)
};

struct Index {
    QString name;
    QStringList columns;
    bool unique = false;
};

struct ForeignKey {
    QStringList columns;
    QString refTable;
    QStringList refColumns;
    QString onDelete;
};

struct Table {
    QString name;
    bool isView = false;
    QList<Column> columns;
    QString primaryKey; ///< single-column key the engine addresses rows by; empty if none
    QList<Index> indexes;
    QList<ForeignKey> foreignKeys;
    QStringList triggers;
    qint64 rowEstimate = -1; ///< from sqlite_stat1 / pg_class.reltuples; -1 when unknown

    /// The column called `name`, or nullptr.
    const Column *column(QStringView name) const;
    /// System tables start with '_' and are never exposed as resources.
    bool isSystem() const { return name.startsWith(QLatin1Char('_')); }
};

struct Schema {
    QList<Table> tables;
    /// The table called `name`, or nullptr.
    const Table *table(QStringView name) const;
    /// Tables that are resources (not system tables, not views), sorted by name.
    QList<const Table *> resources() const;
};

/// Maps a declared column type ("VARCHAR(200)", "timestamp with time zone", ...) to how its
/// values are validated and shown as JSON.
ColumnType columnTypeFromDeclared(QStringView declared);

} // namespace bb::store
