// bb::store (private) — recognises constraint failures in driver errors and maps them to columns.
#pragma once

#include "common/result.h"
#include "store/schema.h"

#include <QStringList>

namespace bb::store::internal {

struct ConstraintViolation {
    enum Kind { None, Unique, ForeignKey, NotNull, Check, BadValue } kind = None;
    QStringList columns; ///< empty when the driver does not say (SQLite foreign keys)
};

/// Reads an Error from Database::exec ("[native code] driver text") for `table`.
ConstraintViolation classifyError(const Error &error, Dialect dialect, const Table &table);

} // namespace bb::store::internal
