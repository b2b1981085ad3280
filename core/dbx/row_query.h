// bb::dbx — the SQL a RowSource runs: keyset pages, OFFSET pages, counts; all values bound.
#pragma once
#include "common/result.h"
#include "store/schema.h"
#include <QString>
#include <QStringList>
#include <QVariant>

namespace bb::dbx {

/// How rows are addressed between pages.
enum class Paging {
    Rowid,      ///< SQLite rowid: keyset on (sort column, rowid)
    PrimaryKey, ///< a single-column primary key: keyset on (sort column, key)
    Offset      ///< no key (views, keyless PostgreSQL tables): LIMIT/OFFSET, cost grows with depth
};

/// One per-column filter as typed: "=5", ">=2", "<x", "!=a", or plain text (contains).
struct ColumnFilter {
    QString column;
    QString text;
};

/// A statement and its positional parameters.
struct Statement {
    QString sql;
    QVariantList params;
};

/// The position of one row in the total order: its sort value (if sorting) and its key.
struct Anchor {
    QVariant sortValue;
    QVariant key;
};

/// Everything that shapes the row set; built once per sort/filter change.
class RowQuery {
public:
    /// Validates the sort column and filters against `table`; errors name the column and, for a
    /// filter, the 0-based position in its text.
    static Result<RowQuery> make(const store::Table &table, store::Dialect dialect, Paging paging,
                                 const QString &sortColumn, bool ascending,
                                 const QList<ColumnFilter> &filters);

    Paging paging() const { return m_paging; }
    bool hasFilter() const { return !m_where.isEmpty(); }
    /// Index of the sort column among the selected values (key first), or -1.
    int sortValueIndex() const { return m_sortIndex < 0 ? -1 : m_sortIndex + 1; }

    /// The first `limit` rows in display order.
    Statement first(int limit) const;
    /// `limit` rows after `anchor` in display order (keyset).
    Statement after(const Anchor &anchor, int limit) const;
    /// `limit` rows before `anchor`, nearest first (the caller reverses them).
    Statement before(const Anchor &anchor, int limit) const;
    /// The last `limit` rows, last first (the caller reverses them).
    Statement last(int limit) const;
    /// `limit` rows from `offset` in display order (the OFFSET fallback).
    Statement offset(qint64 offset, int limit) const;
    /// The anchor values (sort value, key) of the row at `offset`: a key-only seek for jumps.
    Statement seek(qint64 offset) const;
    /// COUNT(*) of the filtered rows.
    Statement count() const;

private:
    QString select() const;
    QString where(const QString &extra) const;
    QString orderBy(bool reversed) const;
    Statement keyset(const Anchor &anchor, bool forward, int limit) const;

    Paging m_paging = Paging::Offset;
    store::Dialect m_dialect = store::Dialect::Sqlite;
    QString m_from;
    QString m_columns; ///< the table's columns, quoted
    QString m_key;     ///< quoted key expression, empty for Offset
    QString m_sort;    ///< quoted sort column, empty when unsorted
    int m_sortIndex = -1;
    bool m_ascending = true;
    QString m_where; ///< filter conditions joined by AND, without WHERE
    QVariantList m_whereParams;
};

} // namespace bb::dbx
