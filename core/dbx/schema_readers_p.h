// bb::dbx (private) — the per-driver halves of readSchemaTree() and objectDdl().
#pragma once
#include "dbx/schema_tree.h"
#include "store/introspector_p.h"

namespace bb::dbx::internal {

/// Runs a query and copies its rows out, so no statement stays open while the next one runs
/// (store's helper for its own introspection).
using store::internal::fetchAll;

/// Text joined with the unit separator by the catalog queries, split back (store's helper too).
using store::internal::splitJoined;

Result<SchemaTree> readSqliteTree(store::Database &db, QSqlDatabase &conn);
Result<SchemaTree> readPostgresTree(store::Database &db, QSqlDatabase &conn);
Result<SchemaTree> readMysqlTree(store::Database &db, QSqlDatabase &conn);

} // namespace bb::dbx::internal
