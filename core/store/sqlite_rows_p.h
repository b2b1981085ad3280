// bb::store (private) — rows of a native SQLite statement written as JSON, for the
// repository's hot reads on SQLite (Database::selectNative).
#pragma once

#include "store/row_json_writer_p.h"

#include <cstddef>
#include <string>

struct sqlite3_stmt;

namespace bb::store::internal {

/// True for UTF-8 that SQLite turns into UTF-16 and Qt back into the very same bytes: well
/// formed, no surrogates, nothing above U+10FFFF, and not U+FFFE/U+FFFF (SQLite reads those
/// as U+FFFD).
bool roundTripsUtf8(const unsigned char *text, size_t size);

/// Appends the statement's current row as a JSON object: the same bytes as
/// RowShape::appendRow() for that row read through Qt's SQLite driver, without a QVariant or
/// a UTF-16 copy for the common values.
void appendSqliteRow(std::string &out, sqlite3_stmt *row, const RowShape &shape);

} // namespace bb::store::internal
