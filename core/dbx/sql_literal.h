// bb::dbx — values written as SQL literals of a dialect, for previews of bound statements.
#pragma once
#include "dbx/row_query.h"
#include "store/schema.h"
#include <QString>
#include <QVariant>

namespace bb::dbx {

/// `value` as a literal: NULL, numbers as they are, booleans as 1/0 (SQLite) or TRUE/FALSE,
/// text in single quotes with quotes doubled (MySQL sessions run with NO_BACKSLASH_ESCAPES), BLOBs
/// as X'…' (SQLite, MySQL) or '\x…' (PostgreSQL).
QString sqlLiteral(const QVariant &value, store::Dialect dialect);

/// `statement` with each '?' placeholder (outside quotes) replaced by its parameter's literal.
QString inlineParameters(const Statement &statement, store::Dialect dialect);

} // namespace bb::dbx
