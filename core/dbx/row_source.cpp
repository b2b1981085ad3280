#include "dbx/row_source.h"
#include "dbx/query_worker_p.h"
#include "store/filter.h"
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>
#include <future>

namespace bb::dbx {

namespace {

struct Outcome {
    QList<Row> rows;
    bool interrupted = false;
    QString error;
};

// Runs `st` on `conn` and reads every row: column 0 is the key, the rest the table's columns.
Outcome readRows(QSqlDatabase &conn, const Statement &st)
{
    Outcome out;
    QSqlQuery q(conn);
    q.setForwardOnly(true);
    if (!q.prepare(st.sql)) {
        out.interrupted = isInterrupted(q.lastError());
        out.error = q.lastError().text();
        return out;
    }
    for (const QVariant &p : st.params)
        q.addBindValue(p);
    if (!q.exec()) {
        out.interrupted = isInterrupted(q.lastError());
        out.error = q.lastError().text();
        return out;
    }
    const int n = q.record().count();
    while (q.next()) {
        Row row;
        row.key = q.value(0);
        row.values.reserve(n - 1);
        for (int i = 1; i < n; ++i)
            row.values << q.value(i);
        out.rows << std::move(row);
    }
    // An interrupt during stepping ends the loop early with the error on the query.
    if (q.lastError().isValid()) {
        out.interrupted = isInterrupted(q.lastError());
        out.error = q.lastError().text();
        out.rows.clear();
    }
    q.finish(); // an open SELECT would pin a WAL snapshot
    return out;
}

} // namespace

// How one fetch finds its rows; chosen on the main thread from what the cache holds.
struct RowSource::Fetch {
    enum Kind { First, After, Before, Last, Offset, Seek } kind = First;
    Anchor anchor;
    qint64 offset = 0;
    int limit = 0;
};

RowSource::RowSource(std::shared_ptr<store::Database> db, store::Table table, SourceOptions options)
    : m_db(std::move(db))
    , m_table(std::move(table))
    , m_options(options)
    , m_cache(options.maxBlocks)
    , m_liveGeneration(std::make_shared<std::atomic<quint64>>(0))
    , m_liveCountGeneration(std::make_shared<std::atomic<quint64>>(0))
{
    m_options.blockRows = std::max(1, m_options.blockRows);
    m_rows = std::make_unique<QueryWorker>(m_db);
    m_counter = std::make_unique<QueryWorker>(m_db);
}

RowSource::~RowSource()
{
    // Join both workers before members go: their jobs capture `this`.
    m_rows.reset();
    m_counter.reset();
}

Result<std::unique_ptr<RowSource>> RowSource::open(std::shared_ptr<store::Database> db,
                                                   const QString &table, SourceOptions options)
{
    const auto schema = db->schema();
    const store::Table *t = schema->table(table);
    if (!t)
        return Error::notFound(QStringLiteral("no table or view named %1").arg(table));
    std::unique_ptr<RowSource> source(new RowSource(std::move(db), *t, options));
    if (auto probed = source->probe(); !probed)
        return probed.error();
    auto query =
        RowQuery::make(source->m_table, source->m_db->dialect(), source->m_paging, {}, true, {});
    if (!query)
        return query.error();
    source->m_query = std::move(query.value());
    if (source->m_estimate < 0)
        source->requestExactCount();
    return source;
}

// Decides the paging and the estimate on the worker's own connection, waiting for it: both are
// index lookups (a LIMIT 0 prepare, max(rowid)), never scans.
Result<void> RowSource::probe()
{
    const bool sqlite = m_db->dialect() == store::Dialect::Sqlite;
    const QString from = store::quoteIdentifier(m_table.name);
    const store::Table table = m_table;
    // Shared, so a probe that outlives the wait below still has its promise.
    auto done = std::make_shared<std::promise<std::pair<Paging, qint64>>>();
    auto result = done->get_future();
    m_rows->replace({[done, sqlite, from, table](QSqlDatabase &conn) {
        Paging paging = Paging::Offset;
        qint64 estimate = table.rowEstimate > 0 ? table.rowEstimate : -1;
        QSqlQuery q(conn);
        if (sqlite && !table.isView &&
            q.exec(QStringLiteral("SELECT rowid FROM %1 LIMIT 0").arg(from)))
            paging = Paging::Rowid;
        else if (!table.isView && !table.primaryKey.isEmpty())
            paging = Paging::PrimaryKey;
        q.finish();
        if (estimate < 0 && paging == Paging::Rowid &&
            q.exec(QStringLiteral("SELECT max(rowid) FROM %1").arg(from)) && q.next())
            estimate = q.value(0).isNull() ? 0 : q.value(0).toLongLong();
        q.finish();
        done->set_value({paging, estimate});
    }});
    if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
        return Error::unavailable(QStringLiteral("probing %1 did not finish").arg(m_table.name));
    std::tie(m_paging, m_estimate) = result.get();
    return {};
}

QString RowSource::pagingNote() const
{
    switch (m_paging) {
    case Paging::Rowid:
        return QStringLiteral("keyset paging on rowid");
    case Paging::PrimaryKey:
        return QStringLiteral("keyset paging on the primary key %1").arg(m_table.primaryKey);
    case Paging::Offset:
        break;
    }
    return QStringLiteral("OFFSET paging: %1 %2 has no single-column key, so deep rows cost "
                          "a scan of every row before them")
        .arg(m_table.isView ? QStringLiteral("view") : QStringLiteral("table"), m_table.name);
}

Result<void> RowSource::setQuery(const QString &sortColumn, bool ascending,
                                 const QList<ColumnFilter> &filters)
{
    auto query = RowQuery::make(m_table, m_db->dialect(), m_paging, sortColumn, ascending, filters);
    if (!query)
        return query.error();
    m_query = std::move(query.value());
    m_exactCount = -1;
    abandonCount();
    resetRows();
    if (m_query.hasFilter() || m_estimate < 0)
        requestExactCount();
    emit rowCountChanged(rowCount());
    return {};
}

qint64 RowSource::rowCount() const
{
    if (m_exactCount >= 0)
        return m_exactCount;
    if (!m_query.hasFilter() && m_estimate >= 0)
        return m_estimate;
    // Nothing known yet (a filter, its count running): the rows fetched so far.
    return m_loadedEnd;
}

const Row *RowSource::row(qint64 r)
{
    if (r < 0)
        return nullptr;
    const QList<Row> *block = m_cache.get(r / m_options.blockRows);
    const qint64 i = r % m_options.blockRows;
    return block && i < block->size() ? &(*block)[i] : nullptr;
}

void RowSource::requestRows(qint64 first, qint64 last)
{
    const bool countKnown = m_exactCount >= 0 || (!m_query.hasFilter() && m_estimate >= 0);
    if (countKnown)
        last = std::min(last, rowCount() - 1);
    first = std::max<qint64>(0, first);
    if (last < first)
        return;
    const qint64 n = m_options.blockRows;
    qint64 b0 = first / n;
    // Never ask for more than the cache can hold, or the fetch would evict its own blocks.
    const qint64 b1 = std::min(last / n, b0 + m_cache.maxBlocks() - 1);
    qint64 m0 = -1, m1 = -1;
    bool allInFlight = true;
    for (qint64 b = b0; b <= b1; ++b) {
        if (m_cache.get(b))
            continue;
        if (m0 < 0)
            m0 = b;
        m1 = b;
        allInFlight = allInFlight && m_inFlight.contains(b);
    }
    if (m0 < 0 || allInFlight)
        return;
    ++m_generation;
    m_liveGeneration->store(m_generation);
    m_inFlight.clear();
    for (qint64 b = m0; b <= m1; ++b)
        m_inFlight.insert(b);
    startFetch(m0, m1);
}

void RowSource::startFetch(qint64 b0, qint64 b1)
{
    const qint64 n = m_options.blockRows;
    const qint64 firstRow = b0 * n;
    Fetch f;
    f.limit = int((b1 - b0 + 1) * n);
    const bool countKnown = m_exactCount >= 0 || (!m_query.hasFilter() && m_estimate >= 0);
    const int sortAt = m_query.sortValueIndex() - 1; // index among the row's values
    auto anchorOf = [sortAt](const Row &r) {
        return Anchor{sortAt >= 0 ? r.values.value(sortAt) : QVariant(), r.key};
    };
    const QList<Row> *prev = b0 > 0 ? m_cache.peek(b0 - 1) : nullptr;
    const QList<Row> *next = m_cache.peek(b1 + 1);
    if (m_paging == Paging::Offset) {
        f.kind = Fetch::Offset;
        f.offset = firstRow;
    } else if (b0 == 0) {
        f.kind = Fetch::First;
    } else if (prev && prev->size() == n) {
        f.kind = Fetch::After;
        f.anchor = anchorOf(prev->last());
    } else if (next && !next->isEmpty()) {
        f.kind = Fetch::Before;
        f.anchor = anchorOf(next->first());
    } else if (countKnown && firstRow + f.limit >= rowCount()) {
        // The range reaches the end: read it backwards from the last row, no scan at all.
        f.kind = Fetch::Last;
        f.limit = int(std::max<qint64>(0, rowCount() - firstRow));
        m_tailAlignedTo = rowCount();
    } else {
        // A jump with no cached neighbour: find the anchor with a key-only OFFSET (it walks
        // the keys, not the rows), then read the block by keyset.
        f.kind = Fetch::Seek;
        f.offset = firstRow - 1;
    }

    const quint64 gen = m_generation;
    const auto live = m_liveGeneration;
    const RowQuery query = m_query;
    m_rows->replace({[this, f, gen, live, query, b0, sortAt](QSqlDatabase &conn) {
        Outcome out;
        bool usedOffset = f.kind == Fetch::Offset || f.kind == Fetch::Seek;
        // Two tries: an interrupt meant for the previous job can land on this one's statement.
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (live->load() != gen) {
                out = Outcome{{}, true, {}};
                break;
            }
            Fetch run = f;
            if (run.kind == Fetch::Seek) {
                Outcome seek = readRows(conn, query.seek(run.offset));
                if (!seek.error.isEmpty()) {
                    out = std::move(seek);
                    continue;
                }
                if (seek.rows.isEmpty()) {
                    out = Outcome{};
                    break; // past the end
                }
                // seek() selects (key, sort value): values[0] is the sort value.
                run.anchor = Anchor{sortAt >= 0 ? seek.rows[0].values.value(0) : QVariant(),
                                    seek.rows[0].key};
            }
            switch (run.kind) {
            case Fetch::First:
                out = readRows(conn, query.first(run.limit));
                break;
            case Fetch::After:
            case Fetch::Seek:
                out = readRows(conn, query.after(run.anchor, run.limit));
                break;
            case Fetch::Before:
                out = readRows(conn, query.before(run.anchor, run.limit));
                std::reverse(out.rows.begin(), out.rows.end());
                break;
            case Fetch::Last:
                out = readRows(conn, query.last(run.limit));
                std::reverse(out.rows.begin(), out.rows.end());
                break;
            case Fetch::Offset:
                out = readRows(conn, query.offset(run.offset, run.limit));
                break;
            }
            if (!out.interrupted || live->load() != gen)
                break;
        }
        const bool endKnown = f.kind != Fetch::Before && f.kind != Fetch::Last;
        QMetaObject::invokeMethod(
            this,
            [this, gen, b0, f, endKnown, usedOffset, out = std::move(out)]() mutable {
                deliverRows(gen, b0, f.limit, endKnown, std::move(out.rows), usedOffset,
                            out.interrupted, out.error);
            },
            Qt::QueuedConnection);
    }});
}

void RowSource::deliverRows(quint64 generation, qint64 firstBlock, int expected, bool endKnown,
                            QList<Row> rows, bool usedOffset, bool interrupted, QString error)
{
    if (generation != m_generation) {
        ++(interrupted ? m_stats.interrupted : m_stats.staleDropped);
        return;
    }
    m_inFlight.clear();
    if (interrupted) {
        ++m_stats.interrupted;
        return;
    }
    if (!error.isEmpty()) {
        emit failed(QStringLiteral("reading %1: %2").arg(m_table.name, error));
        return;
    }
    ++(usedOffset ? m_stats.offsetPages : m_stats.keysetPages);
    const qint64 n = m_options.blockRows;
    const qint64 firstRow = firstBlock * n;
    const qint64 before = rowCount();
    for (qint64 at = 0, b = firstBlock; at < rows.size() || at == 0; at += n, ++b) {
        m_cache.put(b, rows.mid(at, n));
        if (rows.isEmpty())
            break;
    }
    const qint64 end = firstRow + rows.size();
    m_loadedEnd = std::max(m_loadedEnd, end);
    // A short page read forwards from a known position ends the rows: the count is exact.
    if (endKnown && rows.size() < expected && m_exactCount < 0)
        m_exactCount = end;
    if (!rows.isEmpty())
        emit rowsArrived(firstRow, end - 1);
    if (rowCount() != before)
        emit rowCountChanged(rowCount());
    // A tail placed by an estimate is checked against the exact count once.
    if (!endKnown && m_tailAlignedTo >= 0 && m_exactCount < 0)
        requestExactCount();
}

void RowSource::requestExactCount()
{
    if (m_countRunning)
        return;
    m_countRunning = true;
    const quint64 gen = ++m_countGeneration;
    m_liveCountGeneration->store(gen);
    const auto live = m_liveCountGeneration;
    const Statement st = m_query.count();
    m_counter->replace({[this, gen, live, st](QSqlDatabase &conn) {
        Outcome out;
        if (live->load() == gen)
            out = readRows(conn, Statement{st.sql, st.params});
        else
            out.interrupted = true;
        // readRows puts column 0 in `key`: here that is the count.
        const qint64 count = out.rows.isEmpty() ? -1 : out.rows[0].key.toLongLong();
        QMetaObject::invokeMethod(
            this,
            [this, gen, count, interrupted = out.interrupted, error = out.error] {
                deliverCount(gen, count, interrupted, error);
            },
            Qt::QueuedConnection);
    }});
}

void RowSource::cancelCount()
{
    if (!m_countRunning)
        return;
    m_counter->cancel();
}

// A count for the previous filter is no longer wanted: its result will arrive stale.
void RowSource::abandonCount()
{
    ++m_countGeneration;
    m_liveCountGeneration->store(m_countGeneration);
    if (m_countRunning)
        m_counter->cancel();
    m_countRunning = false;
}

void RowSource::deliverCount(quint64 generation, qint64 count, bool interrupted, QString error)
{
    if (generation != m_countGeneration) {
        ++m_stats.staleDropped;
        return;
    }
    m_countRunning = false;
    if (interrupted) {
        ++m_stats.interrupted;
        emit countCancelled();
        return;
    }
    if (!error.isEmpty() || count < 0) {
        emit failed(QStringLiteral("counting %1: %2").arg(m_table.name, error));
        return;
    }
    const qint64 before = rowCount();
    m_exactCount = count;
    // Tail blocks were placed at the estimated end; if that was wrong, their row numbers are.
    if (m_tailAlignedTo >= 0 && m_tailAlignedTo != count)
        resetRows();
    emit countReady(count);
    if (rowCount() != before)
        emit rowCountChanged(rowCount());
}

void RowSource::reload()
{
    // Rows may have come or gone: the count shown so far stays (so the grid keeps its place)
    // until a fresh exact count replaces it; a tail placed by the old count is then re-read.
    abandonCount();
    resetRows();
    requestExactCount();
}

void RowSource::resetRows()
{
    ++m_generation;
    m_liveGeneration->store(m_generation);
    m_cache.clear();
    m_inFlight.clear();
    m_loadedEnd = 0;
    m_tailAlignedTo = -1;
    m_rows->cancel();
    emit rowsReset();
}

} // namespace bb::dbx
