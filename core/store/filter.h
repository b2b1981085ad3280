// bb::store — the resource filter language (`field op value`, && || and parentheses) and the
// sort list, compiled to parameterised SQL. Values are always bound, never spliced.
#pragma once

#include "common/result.h"
#include "store/schema.h"

#include <QString>
#include <QVariantList>

namespace bb::store {

/// A piece of SQL with its positional ('?') parameters.
struct SqlFragment {
    QString sql;
    QVariantList params;
};

/// Longest filter accepted, in characters.
inline constexpr int kMaxFilterLength = 2000;

/// Compiles `filter` against `table`'s columns. Errors are ErrorCode::Invalid with the
/// 0-based character position of the offending token. An empty filter gives an empty fragment.
Result<SqlFragment> compileFilter(const QString &filter, const Table &table, Dialect dialect);

/// Compiles "-created_at,title" into an ORDER BY list (without the keywords).
Result<QString> compileSort(const QString &sort, const Table &table, Dialect dialect);

/// Escapes '\\', '%' and '_' for a LIKE pattern used with ESCAPE '\\'.
QString escapeLike(const QString &text);

/// Quotes an identifier for `dialect` ("name" with embedded quotes doubled).
QString quoteIdentifier(const QString &name);

} // namespace bb::store
