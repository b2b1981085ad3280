#include "store/repository.h"

#include "store/json_mapping_p.h"
#include "store/repository_p.h"
#include "store/sqlite_rows_p.h"
#include "store/table_plan_p.h"

#include <sqlite3.h>

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

Error unreachable()
{
    return Error::unavailable(QStringLiteral("the database is not reachable"));
}

// Appends the rows of a SELECT as comma-separated JSON objects and returns how many there
// were. SQLite is read through its own API (no QVariant, no UTF-16 copy per value); other
// databases through Qt SQL. Both write the same bytes for the same row.
Result<int> selectRows(Database &db, const QString &sql, const QVariantList &params,
                       const RowShape &shape, std::string &out)
{
    if (db.dialect() == Dialect::Sqlite) {
        int rows = 0;
        return db.selectNative(sql, params, [&](sqlite3_stmt *row) {
            if (rows++ > 0)
                out.push_back(',');
            appendSqliteRow(out, row, shape);
        });
    }
    QSqlDatabase conn = db.reader();
    if (!conn.isOpen())
        return unreachable();
    auto q = db.exec(conn, sql, params);
    if (!q)
        return q.error();
    return appendRows(out, *q, shape);
}

Result<qint64> selectCount(Database &db, const QString &sql, const QVariantList &params)
{
    if (db.dialect() == Dialect::Sqlite) {
        qint64 count = 0;
        auto ran = db.selectNative(
            sql, params, [&](sqlite3_stmt *row) { count = sqlite3_column_int64(row, 0); });
        if (!ran)
            return ran.error();
        return count;
    }
    QSqlDatabase conn = db.reader();
    if (!conn.isOpen())
        return unreachable();
    auto count = db.scalar(conn, sql, params);
    if (!count)
        return count.error();
    return count->toLongLong();
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

    QString where = filter->sql;
    QVariantList whereParams = filter->params;
    if (options.ownerId.isValid()) {
        if (!table.column(QStringLiteral("owner_id")))
            return Error::invalid(QStringLiteral("%1 has no owner_id column").arg(table.name));
        const QString owner = quoteIdentifier(QStringLiteral("owner_id")) + QStringLiteral(" = ?");
        where =
            where.isEmpty() ? owner : QLatin1Char('(') + where + QStringLiteral(") AND ") + owner;
        whereParams << options.ownerId;
    }
    const QString from = QStringLiteral(" FROM ") + plan->name +
                         (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
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
    QVariantList params = whereParams;
    const qint64 perPage = qMax(1, options.perPage);
    params << perPage << qint64(qMax(1, options.page) - 1) * perPage;

    ListResult out;
    out.itemsJson.assign(1, '[');
    if (auto rows = selectRows(m_db, sql, params, projection.shape, out.itemsJson); !rows)
        return rows.error();
    out.itemsJson.push_back(']');

    if (!options.skipTotal) {
        auto count = selectCount(m_db, QStringLiteral("SELECT COUNT(*)") + from, whereParams);
        if (!count)
            return count.error();
        out.totalItems = *count;
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
    std::string row;
    auto rows = selectRows(m_db, plan->selectByKey, {*key}, plan->all.shape, row);
    if (!rows)
        return rows.error();
    // The key is unique, so there is one row or none.
    if (*rows == 0)
        return std::optional<std::string>();
    return std::optional<std::string>(std::move(row));
}

} // namespace bb::store
