// bb::store (private) — reads a live database's tables, columns, keys and indexes.
#pragma once

#include "common/result.h"
#include "store/database.h"
#include "store/schema.h"

#include <QSqlRecord>

namespace bb::store::internal {

/// Runs a query and copies its rows out, so no statement stays open while the next one runs.
inline Result<QList<QVariantList>> fetchAll(Database &db, QSqlDatabase &conn, const QString &sql,
                                            const QVariantList &params = {})
{
    auto q = db.exec(conn, sql, params);
    if (!q)
        return q.error();
    QList<QVariantList> rows;
    const int width = q->record().count();
    while (q->next()) {
        QVariantList row;
        row.reserve(width);
        for (int i = 0; i < width; ++i)
            row.append(q->value(i));
        rows.append(row);
    }
    q->finish();
    return rows;
}

/// Lists the catalog queries join with the unit separator (U+001F, which no sane identifier
/// contains), split back; NULL is the empty list.
inline QStringList splitJoined(const QVariant &v)
{
    return v.isNull() ? QStringList() : v.toString().split(QChar(0x1f));
}

/// A PostgreSQL referential action code (pg_constraint.confupdtype/confdeltype) as SQL words:
/// "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", else "NO ACTION".
QString postgresActionName(const QString &code);

/// From sqlite_master and the table pragmas; row estimates from sqlite_stat1 when ANALYZE ran.
Result<Schema> introspectSqlite(Database &db, QSqlDatabase &conn);
/// From pg_catalog for the connection's current schema (public unless search_path says else).
Result<Schema> introspectPostgres(Database &db, QSqlDatabase &conn);

/// From information_schema for the connection's current database.
Result<Schema> introspectMysql(Database &db, QSqlDatabase &conn);

} // namespace bb::store::internal
