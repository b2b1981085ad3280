// bb::plugins::database — "1 row" / "3 rows": English plurals without a translation catalogue
// (tr()'s %n needs one to turn "row(s)" into the right form).
#pragma once

#include <QLocale>
#include <QString>

namespace bb::plugins::database {

/// `n` formatted for the locale, then `one` or `many`: counted(3, "row", "rows") → "3 rows".
inline QString counted(qint64 n, const char *one, const char *many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + QString::fromUtf8(n == 1 ? one : many);
}

} // namespace bb::plugins::database
