// bb::dbx (private) — which constraint a failed staged statement broke, on every dialect: SQLite
// and PostgreSQL through the store's classifier, MySQL/MariaDB by its error numbers here.
#pragma once
#include "store/schema.h"
#include <QString>
#include <QStringList>

namespace bb::dbx {

struct EditViolation {
    QString constraint;  ///< "unique", "foreign key", "not null", "check", "bad value" or empty
    QStringList columns; ///< the columns the driver named, when it named any
};

/// Reads `message` ("[native code] driver text", as the apply writes it) for `table`.
EditViolation classifyEditError(const QString &message, store::Dialect dialect,
                                const store::Table &table);

} // namespace bb::dbx
