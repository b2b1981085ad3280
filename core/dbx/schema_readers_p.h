// bb::dbx (private) — the per-driver halves of readSchemaTree() and objectDdl().
#pragma once
#include "dbx/schema_tree.h"
#include <QSqlRecord>

namespace bb::dbx::internal {

/// Runs a query and copies its rows out, so no statement stays open while the next one runs.
inline Result<QList<QVariantList>> fetchRows(store::Database &db, QSqlDatabase &conn,
                                             const QString &sql, const QVariantList &params = {})
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

/// Text joined with the unit separator by the catalog queries, split back.
inline QStringList splitJoined(const QVariant &v)
{
    return v.isNull() ? QStringList() : v.toString().split(QChar(0x1f));
}

Result<SchemaTree> readSqliteTree(store::Database &db, QSqlDatabase &conn);
Result<SchemaTree> readPostgresTree(store::Database &db, QSqlDatabase &conn);
Result<SchemaTree> readMysqlTree(store::Database &db, QSqlDatabase &conn);

} // namespace bb::dbx::internal
