// bb::store (private) — row-reading pieces shared by the repository's reads and writes.
#pragma once

#include "store/row_json_writer_p.h"

#include <QSqlQuery>

#include <string>

namespace bb::store::internal {

/// Appends every row of an executed query as a JSON object, comma-separated, and finishes the
/// query. Returns how many rows there were.
int appendRows(std::string &out, QSqlQuery &query, const RowShape &shape);

} // namespace bb::store::internal
