// bb::store (private) — SQL and row-reading pieces shared by the repository's reads and writes.
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QJsonObject>
#include <QList>

namespace bb::store::internal {

/// "a", "b", … quoted, in the given order.
QString selectList(const QList<const Column *> &columns);
QList<const Column *> allColumns(const Table &table);

/// Reads every row of an executed query as JSON (by `columns`, in select order) and finishes it.
QList<QJsonObject> readRows(QSqlQuery &query, const QList<const Column *> &columns);

} // namespace bb::store::internal
