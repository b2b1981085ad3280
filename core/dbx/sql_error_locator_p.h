// bb::dbx (private) — where in a failed statement the database says the error is: SQLite's
// sqlite3_error_offset after a re-prepare, PostgreSQL's error position after a PQprepare (both
// only parse the statement again; neither runs it), MySQL's "near '…' at line n" in its message.
#pragma once
#include "store/schema.h"
#include <QSqlDatabase>
#include <QString>

namespace bb::dbx {

/// The 0-based UTF-16 offset in `statement` of the token the database blames, or -1 when it
/// names none (a run-time error such as a constraint, or no libpq for PostgreSQL). Call it on
/// the thread that owns `conn`, right after the statement failed.
/// `message` is the driver's text of the failure (MySQL's position is only in there).
int locateError(QSqlDatabase &conn, store::Dialect dialect, const QString &statement,
                const QString &message);

/// True when the connection is inside a transaction block (PostgreSQL through libpq); false
/// when idle or when that cannot be told.
bool inTransaction(QSqlDatabase &conn, store::Dialect dialect);

} // namespace bb::dbx
