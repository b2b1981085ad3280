// bb::store (private) — per-table SQL text and row shapes, built once per schema snapshot
// instead of on every request.
#pragma once

#include "store/database.h"
#include "store/filter.h"
#include "store/row_json_writer_p.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace bb::store::internal {

/// "a", "b", … quoted, in the given order.
QString selectList(const QList<const Column *> &columns);

/// A set of columns as they are selected and written.
struct Projection {
    QList<const Column *> columns; ///< in SELECT order
    QString selectList;            ///< the columns quoted and comma-separated
    RowShape shape;

    explicit Projection(QList<const Column *> picked);
};

/// What every statement on one table needs; its Column pointers point into the Table it was
/// built from.
class TablePlan {
public:
    explicit TablePlan(const Table &table);

    const Table &table;
    QString name;                ///< quoted table name
    const Column *key = nullptr; ///< the single-column primary key, if any
    int keyIndex = -1;           ///< the key's position in `all`
    QString whereKey;            ///< ` WHERE "key" = ?`
    Projection all;              ///< every column, in table order
    QString selectByKey;         ///< `SELECT <all> FROM <name> WHERE "key" = ?`

    /// The projection of `picked` (already validated and de-duplicated), shared between calls
    /// that ask for the same fields.
    std::shared_ptr<const Projection> projection(const QList<const Column *> &picked) const;

private:
    mutable std::mutex m_lock;
    mutable QHash<QString, std::shared_ptr<const Projection>> m_projections;
};

/// Plans for the tables of the current schema snapshot. A Table's address identifies it
/// only while its snapshot lives, so the cache holds the snapshot it was built for and
/// starts over when the database reports a new one; a Table from any other snapshot gets a
/// plan of its own that is not kept.
class PlanCache {
public:
    explicit PlanCache(Database &db)
        : m_db(db)
    {}

    std::shared_ptr<const TablePlan> plan(const Table &table);

private:
    Database &m_db;
    std::shared_mutex m_lock;
    std::shared_ptr<const Schema> m_snapshot;
    std::unordered_map<const Table *, std::shared_ptr<const TablePlan>> m_plans;
};

} // namespace bb::store::internal
