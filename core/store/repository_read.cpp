#include "store/repository.h"

#include "store/json_mapping_p.h"
#include "store/repository_p.h"
#include "store/table_plan_p.h"

namespace bb::store {

namespace internal {

int appendRows(std::string &out, QSqlQuery &query, const RowShape &shape)
{
    int rows = 0;
    while (query.next()) {
        if (rows++ > 0)
            out.push_back(',');
        shape.appendRow(out, query);
    }
    // Ends the statement so a reader never keeps a WAL snapshot (or PG portal) open.
    query.finish();
    return rows;
}

} // namespace internal

using namespace internal;

namespace {

// The columns `fields` names, in the order given, without repeats; empty = every column.
Result<QList<const Column *>> pickColumns(const Table &table, const QStringList &fields)
{
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

Repository::Repository(Database &db)
    : m_db(db)
    , m_plans(std::make_unique<PlanCache>(db))
{}

Repository::~Repository() = default;

Result<ListResult> Repository::list(const Table &table, const ListOptions &options)
{
    auto picked = pickColumns(table, options.fields);
    if (!picked)
        return picked.error();
    auto filter = compileFilter(options.filter, table, m_db.dialect());
    if (!filter)
        return filter.error();
    auto sort = compileSort(options.sort, table, m_db.dialect());
    if (!sort)
        return sort.error();

    const auto plan = m_plans->plan(table);
    std::shared_ptr<const Projection> fieldsOnly;
    if (!picked->isEmpty())
        fieldsOnly = plan->projection(*picked);
    const Projection &projection = fieldsOnly ? *fieldsOnly : plan->all;

    const QString from =
        QStringLiteral(" FROM ") + plan->name +
        (filter->sql.isEmpty() ? QString() : QStringLiteral(" WHERE ") + filter->sql);
    QStringList order;
    if (!sort->isEmpty())
        order.append(*sort);
    const QString key = stableKey(table, m_db.dialect());
    if (!key.isEmpty() && !sort->startsWith(key + QLatin1Char(' ')) &&
        !sort->contains(QStringLiteral(", ") + key + QLatin1Char(' ')))
        order.append(key + QStringLiteral(" ASC"));

    QString sql = QStringLiteral("SELECT ") + projection.selectList + from;
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
    out.itemsJson.assign(1, '[');
    appendRows(out.itemsJson, *q, projection.shape);
    out.itemsJson.push_back(']');

    if (!options.skipTotal) {
        auto count = m_db.scalar(db, QStringLiteral("SELECT COUNT(*)") + from, filter->params);
        if (!count)
            return count.error();
        out.totalItems = count->toLongLong();
    }
    return out;
}

Result<std::optional<std::string>> Repository::get(const Table &table, const QString &id)
{
    const auto plan = m_plans->plan(table);
    if (!plan->key)
        return Error::invalid(
            QStringLiteral("table '%1' has no single-column primary key").arg(table.name));
    const auto key = keyFromString(id, *plan->key);
    if (!key)
        return std::optional<std::string>();
    QSqlDatabase db = m_db.reader();
    if (!db.isOpen())
        return Error::unavailable(QStringLiteral("the database is not reachable"));
    auto q = m_db.exec(db, plan->selectByKey, {*key});
    if (!q)
        return q.error();
    std::string row;
    // The key is unique, so there is one row or none.
    if (appendRows(row, *q, plan->all.shape) == 0)
        return std::optional<std::string>();
    return std::optional<std::string>(std::move(row));
}

} // namespace bb::store
