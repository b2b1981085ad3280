#include "store/repository.h"

#include "store/json_mapping_p.h"
#include "store/repository_p.h"

namespace bb::store {

namespace internal {

QString selectList(const QList<const Column *> &columns)
{
    QStringList names;
    names.reserve(columns.size());
    for (const Column *c : columns)
        names.append(quoteIdentifier(c->name));
    return names.join(QStringLiteral(", "));
}

QList<const Column *> allColumns(const Table &table)
{
    QList<const Column *> out;
    out.reserve(table.columns.size());
    for (const Column &c : table.columns)
        out.append(&c);
    return out;
}

QList<QJsonObject> readRows(QSqlQuery &query, const QList<const Column *> &columns)
{
    QList<QJsonObject> rows;
    while (query.next()) {
        QJsonObject row;
        for (int i = 0; i < columns.size(); ++i)
            row.insert(columns[i]->name, toJson(query.value(i), columns[i]->type));
        rows.append(row);
    }
    // Ends the statement so a reader never keeps a WAL snapshot (or PG portal) open.
    query.finish();
    return rows;
}

} // namespace internal

using namespace internal;

namespace {

Result<QList<const Column *>> pickColumns(const Table &table, const QStringList &fields)
{
    if (fields.isEmpty())
        return allColumns(table);
    QList<const Column *> out;
    for (const QString &raw : fields) {
        const QString name = raw.trimmed();
        if (name.isEmpty())
            continue;
        const Column *c = table.column(name);
        if (!c)
            return Error::invalid(QStringLiteral("unknown field '%1' in fields").arg(name));
        if (!out.contains(c))
            out.append(c);
    }
    if (out.isEmpty())
        return allColumns(table);
    return out;
}

// The tie-breaker that makes paging stable: the primary key, else SQLite's rowid.
QString stableKey(const Table &table, Dialect dialect)
{
    if (!table.primaryKey.isEmpty())
        return quoteIdentifier(table.primaryKey);
    if (dialect == Dialect::Sqlite && !table.isView && !table.column(u"rowid"))
        return QStringLiteral("rowid");
    return {};
}

} // namespace

Result<ListResult> Repository::list(const Table &table, const ListOptions &options)
{
    auto columns = pickColumns(table, options.fields);
    if (!columns)
        return columns.error();
    auto filter = compileFilter(options.filter, table, m_db.dialect());
    if (!filter)
        return filter.error();
    auto sort = compileSort(options.sort, table, m_db.dialect());
    if (!sort)
        return sort.error();

    const QString from =
        QStringLiteral(" FROM ") + quoteIdentifier(table.name) +
        (filter->sql.isEmpty() ? QString() : QStringLiteral(" WHERE ") + filter->sql);
    QStringList order;
    if (!sort->isEmpty())
        order.append(*sort);
    const QString key = stableKey(table, m_db.dialect());
    if (!key.isEmpty() && !sort->startsWith(key + QLatin1Char(' ')) &&
        !sort->contains(QStringLiteral(", ") + key + QLatin1Char(' ')))
        order.append(key + QStringLiteral(" ASC"));

    QString sql = QStringLiteral("SELECT ") + selectList(*columns) + from;
    if (!order.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    sql += QStringLiteral(" LIMIT ? OFFSET ?");
    QVariantList params = filter->params;
    const qint64 perPage = qMax(1, options.perPage);
    params << perPage << qint64(qMax(1, options.page) - 1) * perPage;

    QSqlDatabase db = m_db.reader();
    if (!db.isOpen())
        return Error::unavailable(QStringLiteral("the database is not reachable"));
    auto q = m_db.exec(db, sql, params);
    if (!q)
        return q.error();
    ListResult out;
    for (const QJsonObject &row : readRows(*q, *columns))
        out.items.append(row);

    if (!options.skipTotal) {
        auto count = m_db.scalar(db, QStringLiteral("SELECT COUNT(*)") + from, filter->params);
        if (!count)
            return count.error();
        out.totalItems = count->toLongLong();
    }
    return out;
}

Result<std::optional<QJsonObject>> Repository::get(const Table &table, const QString &id)
{
    const Column *pk = table.column(table.primaryKey);
    if (!pk)
        return Error::invalid(
            QStringLiteral("table '%1' has no single-column primary key").arg(table.name));
    const auto key = keyFromString(id, *pk);
    if (!key)
        return std::optional<QJsonObject>();
    const auto columns = allColumns(table);
    QSqlDatabase db = m_db.reader();
    if (!db.isOpen())
        return Error::unavailable(QStringLiteral("the database is not reachable"));
    auto q = m_db.exec(
        db,
        QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
            .arg(selectList(columns), quoteIdentifier(table.name), quoteIdentifier(pk->name)),
        {*key});
    if (!q)
        return q.error();
    const auto rows = readRows(*q, columns);
    if (rows.isEmpty())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>(rows.first());
}

} // namespace bb::store
