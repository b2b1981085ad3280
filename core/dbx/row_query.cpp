#include "dbx/row_query.h"
#include "store/filter.h"

namespace bb::dbx {

using store::quoteIdentifier;

namespace {

// A number binds as a number so PostgreSQL compares an integer column with an integer, not text.
QVariant typedValue(const QString &text)
{
    bool ok = false;
    const qlonglong i = text.toLongLong(&ok);
    if (ok)
        return i;
    const double d = text.toDouble(&ok);
    if (ok)
        return d;
    return text;
}

QString likePattern(const QString &text)
{
    return QLatin1Char('%') + store::escapeLike(text) + QLatin1Char('%');
}

} // namespace

Result<RowQuery> RowQuery::make(const store::Table &table, store::Dialect dialect, Paging paging,
                                const QString &sortColumn, bool ascending,
                                const QList<ColumnFilter> &filters)
{
    RowQuery q;
    q.m_paging = paging;
    q.m_dialect = dialect;
    q.m_ascending = ascending;
    q.m_from = quoteIdentifier(table.name);
    QStringList cols;
    for (const store::Column &c : table.columns)
        cols << quoteIdentifier(c.name);
    q.m_columns = cols.join(QLatin1String(", "));
    if (paging == Paging::Rowid)
        q.m_key = QStringLiteral("rowid");
    else if (paging == Paging::PrimaryKey)
        q.m_key = quoteIdentifier(table.primaryKey);

    if (!sortColumn.isEmpty()) {
        for (int i = 0; i < table.columns.size(); ++i)
            if (table.columns[i].name == sortColumn)
                q.m_sortIndex = i;
        if (q.m_sortIndex < 0)
            return Error::invalid(
                QStringLiteral("sort: table %1 has no column %2").arg(table.name, sortColumn));
        q.m_sort = quoteIdentifier(sortColumn);
    }

    // Longest operators first so ">=" is not read as ">" followed by "=...".
    static const char *const ops[] = {">=", "<=", "!=", "<>", "=", ">", "<"};
    QStringList conditions;
    for (const ColumnFilter &f : filters) {
        if (!table.column(f.column))
            return Error::invalid(
                QStringLiteral("filter: table %1 has no column %2").arg(table.name, f.column));
        const QString col = quoteIdentifier(f.column);
        const QString text = f.text;
        int start = 0;
        while (start < text.size() && text[start].isSpace())
            ++start;
        if (start == text.size())
            continue; // an empty filter filters nothing
        QString op;
        for (const char *candidate : ops) {
            if (QStringView(text).mid(start).startsWith(QLatin1String(candidate))) {
                op = QLatin1String(candidate);
                break;
            }
        }
        if (op.isEmpty()) {
            const QString like = dialect == store::Dialect::Postgres ? QStringLiteral("ILIKE")
                                                                     : QStringLiteral("LIKE");
            // MySQL has no CAST(… AS TEXT); CHAR is its text type for casts.
            const QString castType =
                dialect == store::Dialect::Mysql ? QStringLiteral("CHAR") : QStringLiteral("TEXT");
            conditions
                << QStringLiteral("CAST(%1 AS %2) %3 ? ESCAPE '\\'").arg(col, castType, like);
            q.m_whereParams << likePattern(text.mid(start).trimmed());
            continue;
        }
        const int valueAt = start + int(op.size());
        const QString value = text.mid(valueAt).trimmed();
        if (value.isEmpty())
            return Error::invalid(QStringLiteral("filter on %1: expected a value after '%2' at "
                                                 "position %3")
                                      .arg(f.column, op)
                                      .arg(valueAt),
                                  valueAt);
        if (op == QLatin1String("<>"))
            op = QStringLiteral("!=");
        conditions << QStringLiteral("%1 %2 ?").arg(col, op);
        q.m_whereParams << typedValue(value);
    }
    q.m_where = conditions.join(QLatin1String(" AND "));
    return q;
}

QString RowQuery::select() const
{
    const QString key = m_key.isEmpty() ? QStringLiteral("NULL") : m_key;
    return QStringLiteral("SELECT %1, %2 FROM %3").arg(key, m_columns, m_from);
}

QString RowQuery::where(const QString &extra) const
{
    QStringList parts;
    if (!m_where.isEmpty())
        parts << m_where;
    if (!extra.isEmpty())
        parts << extra;
    return parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(" AND ");
}

// The total order is (sort ASC NULLS FIRST, key ASC); a descending sort walks it backwards.
// SQLite and PostgreSQL accept NULLS FIRST/LAST; MySQL has no such clause but already sorts NULLs
// first ascending and last descending, so all three agree.
QString RowQuery::orderBy(bool reversed) const
{
    const bool up = m_ascending != reversed;
    const bool nulls = m_dialect != store::Dialect::Mysql;
    QStringList terms;
    if (!m_sort.isEmpty())
        terms << m_sort +
                     (up ? (nulls ? QLatin1String(" ASC NULLS FIRST") : QLatin1String(" ASC"))
                         : (nulls ? QLatin1String(" DESC NULLS LAST") : QLatin1String(" DESC")));
    if (!m_key.isEmpty())
        terms << m_key + (up ? QLatin1String(" ASC") : QLatin1String(" DESC"));
    return terms.isEmpty() ? QString() : QStringLiteral(" ORDER BY ") + terms.join(", ");
}

Statement RowQuery::keyset(const Anchor &a, bool forward, int limit) const
{
    const bool up = m_ascending == forward;
    QString cond;
    QVariantList params = m_whereParams;
    const QString &s = m_sort;
    const QString &k = m_key;
    if (s.isEmpty()) {
        cond = k + (up ? QLatin1String(" > ?") : QLatin1String(" < ?"));
        params << a.key;
    } else if (a.sortValue.isNull()) {
        cond = up ? QStringLiteral("((%1 IS NULL AND %2 > ?) OR %1 IS NOT NULL)").arg(s, k)
                  : QStringLiteral("(%1 IS NULL AND %2 < ?)").arg(s, k);
        params << a.key;
    } else {
        cond = up ? QStringLiteral("(%1 > ? OR (%1 = ? AND %2 > ?))").arg(s, k)
                  : QStringLiteral("(%1 IS NULL OR %1 < ? OR (%1 = ? AND %2 < ?))").arg(s, k);
        params << a.sortValue << a.sortValue << a.key;
    }
    return {select() + where(cond) + orderBy(!forward) + QStringLiteral(" LIMIT %1").arg(limit),
            params};
}

Statement RowQuery::first(int limit) const
{
    return {select() + where({}) + orderBy(false) + QStringLiteral(" LIMIT %1").arg(limit),
            m_whereParams};
}

Statement RowQuery::after(const Anchor &anchor, int limit) const
{
    return keyset(anchor, true, limit);
}

Statement RowQuery::before(const Anchor &anchor, int limit) const
{
    return keyset(anchor, false, limit);
}

Statement RowQuery::last(int limit) const
{
    return {select() + where({}) + orderBy(true) + QStringLiteral(" LIMIT %1").arg(limit),
            m_whereParams};
}

Statement RowQuery::offset(qint64 offset, int limit) const
{
    return {select() + where({}) + orderBy(false) +
                QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset),
            m_whereParams};
}

Statement RowQuery::seek(qint64 offset) const
{
    const QString sort = m_sort.isEmpty() ? QStringLiteral("NULL") : m_sort;
    return {QStringLiteral("SELECT %1, %2 FROM %3").arg(m_key, sort, m_from) + where({}) +
                orderBy(false) + QStringLiteral(" LIMIT 1 OFFSET %1").arg(offset),
            m_whereParams};
}

Statement RowQuery::count() const
{
    return {QStringLiteral("SELECT count(*) FROM %1").arg(m_from) + where({}), m_whereParams};
}

} // namespace bb::dbx
