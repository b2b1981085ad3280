// bb::store (private) — splits a migration's SQL into single statements.
#pragma once

#include <QString>
#include <QStringList>

namespace bb::store::internal {

/// Splits at ';' outside quotes, comments, PostgreSQL dollar quotes and trigger bodies
/// (BEGIN … END), dropping empty statements.
QStringList splitSqlStatements(const QString &script);

} // namespace bb::store::internal
