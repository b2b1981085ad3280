#include "store/table_plan_p.h"

#include <functional>

namespace bb::store::internal {

namespace {

// Distinct field selections a table keeps; clients that vary `fields` endlessly only make
// the cache start over.
constexpr int kMaxProjections = 64;

QList<const Column *> allColumns(const Table &table)
{
    QList<const Column *> out;
    out.reserve(table.columns.size());
    for (const Column &c : table.columns)
        out.append(&c);
    return out;
}

} // namespace

QString selectList(const QList<const Column *> &columns)
{
    QStringList names;
    names.reserve(columns.size());
    for (const Column *c : columns)
        names.append(quoteIdentifier(c->name));
    return names.join(QStringLiteral(", "));
}

Projection::Projection(QList<const Column *> picked)
    : columns(std::move(picked))
    , selectList(internal::selectList(columns))
    , shape(columns)
{}

TablePlan::TablePlan(const Table &t)
    : table(t)
    , name(quoteIdentifier(t.name))
    , key(t.column(t.primaryKey))
    , all(allColumns(t))
{
    if (!key)
        return;
    keyIndex = int(all.columns.indexOf(key));
    whereKey = QStringLiteral(" WHERE ") + quoteIdentifier(key->name) + QStringLiteral(" = ?");
    selectByKey =
        QStringLiteral("SELECT ") + all.selectList + QStringLiteral(" FROM ") + name + whereKey;
}

std::shared_ptr<const Projection> TablePlan::projection(const QList<const Column *> &picked) const
{
    QString cacheKey;
    for (const Column *c : picked) {
        cacheKey += c->name;
        cacheKey += QChar(0); // cannot occur in a column name
    }
    {
        std::lock_guard guard(m_lock);
        if (auto found = m_projections.value(cacheKey))
            return found;
    }
    auto made = std::make_shared<const Projection>(picked);
    std::lock_guard guard(m_lock);
    if (m_projections.size() >= kMaxProjections)
        m_projections.clear();
    m_projections.insert(cacheKey, made);
    return made;
}

std::shared_ptr<const TablePlan> PlanCache::plan(const Table &table)
{
    const std::shared_ptr<const Schema> current = m_db.schema();
    const QList<Table> &tables = current->tables;
    const std::less<const Table *> before;
    const bool inCurrent = !tables.isEmpty() && !before(&table, tables.constData()) &&
                           before(&table, tables.constData() + tables.size());
    if (!inCurrent)
        return std::make_shared<const TablePlan>(table);
    {
        std::shared_lock guard(m_lock);
        if (m_snapshot == current) {
            const auto it = m_plans.find(&table);
            if (it != m_plans.end())
                return it->second;
        }
    }
    auto made = std::make_shared<const TablePlan>(table);
    std::unique_lock guard(m_lock);
    if (m_snapshot != current) {
        m_plans.clear();
        m_snapshot = current;
    }
    m_plans.emplace(&table, made);
    return made;
}

} // namespace bb::store::internal
