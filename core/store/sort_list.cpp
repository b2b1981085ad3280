#include "store/filter.h"

namespace bb::store {

QString quoteIdentifier(const QString &name)
{
    QString out = name;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

Result<QString> compileSort(const QString &sort, const Table &table, Dialect dialect)
{
    Q_UNUSED(dialect); // both dialects spell ORDER BY the same way
    if (sort.size() > kMaxFilterLength)
        return Error::invalid(
            QStringLiteral("the sort is longer than %1 characters at %1").arg(kMaxFilterLength),
            kMaxFilterLength);
    if (sort.trimmed().isEmpty())
        return QString();
    QStringList parts;
    int start = 0;
    while (start <= sort.size()) {
        int end = int(sort.indexOf(QLatin1Char(','), start));
        if (end < 0)
            end = int(sort.size());
        int i = start;
        while (i < end && sort.at(i).isSpace())
            ++i;
        bool descending = false;
        if (i < end && (sort.at(i) == QLatin1Char('-') || sort.at(i) == QLatin1Char('+'))) {
            descending = sort.at(i) == QLatin1Char('-');
            ++i;
        }
        const int nameStart = i;
        const QString name = sort.mid(nameStart, end - nameStart).trimmed();
        if (name.isEmpty())
            return Error::invalid(QStringLiteral("expected a field name at %1").arg(nameStart),
                                  nameStart);
        const Column *column = table.column(name);
        if (!column)
            return Error::invalid(
                QStringLiteral("unknown sort field '%1' at %2").arg(name).arg(nameStart),
                nameStart);
        parts.append(quoteIdentifier(column->name) +
                     (descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC")));
        start = end + 1;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace bb::store
