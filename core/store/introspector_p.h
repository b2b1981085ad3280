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

/// From sqlite_master and the table pragmas; row estimates from sqlite_stat1 when ANALYZE ran.
Result<Schema> introspectSqlite(Database &db, QSqlDatabase &conn);
/// From pg_catalog for the connection's current schema (public unless search_path says else).
Result<Schema> introspectPostgres(Database &db, QSqlDatabase &conn);

/// From information_schema for the connection's current database.
Result<Schema> introspectMysql(Database &db, QSqlDatabase &conn);

} // namespace bb::store::internal
