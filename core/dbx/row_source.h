// bb::dbx — lazy rows of one table for a browser grid: keyset pages fetched on a worker thread
// with its own connection, a bounded block cache, newest-request-wins cancellation, an estimated
// row count first and the exact COUNT(*) on demand.
#pragma once
#include "common/result.h"
#include "dbx/block_cache.h"
#include "dbx/row_query.h"
#include "store/database.h"
#include <QObject>
#include <QSet>
#include <atomic>
#include <memory>

namespace bb::dbx {

class QueryWorker;

struct SourceOptions {
    int blockRows = 256; ///< rows per block (one fetch unit)
    int maxBlocks = 64;  ///< blocks kept; the least recently used is evicted beyond this
};

/// Counters a test or a status bar can read.
struct SourceStats {
    int staleDropped = 0; ///< results that arrived for an older generation and were discarded
    int interrupted = 0;  ///< fetches or counts stopped by a newer request or a cancel
    int keysetPages = 0;  ///< fetches that used a key anchor (or the start / the end)
    int offsetPages = 0;  ///< fetches that used OFFSET (no key, or a jump with no anchor nearby)
};

class RowSource : public QObject {
    Q_OBJECT
public:
    /// Opens `table` of `db` (a table or a view). Its rows are read on a worker thread with its
    /// own reader connection; `db` must outlive nothing: the source keeps it alive.
    static Result<std::unique_ptr<RowSource>>
    open(std::shared_ptr<store::Database> db, const QString &table, SourceOptions options = {});
    ~RowSource() override;

    const store::Table &table() const { return m_table; }
    const std::shared_ptr<store::Database> &database() const { return m_db; }
    Paging paging() const { return m_paging; }
    /// One sentence on how rows are paged, for the UI ("OFFSET: the view has no key…").
    QString pagingNote() const;
    int blockRows() const { return m_options.blockRows; }

    /// Sorts by `column` (empty: by key) and filters; resets the rows and starts a new generation.
    Result<void> setQuery(const QString &sortColumn, bool ascending,
                          const QList<ColumnFilter> &filters);

    /// The rows the grid shows: the exact count when known, else the estimate, else the rows
    /// fetched so far.
    qint64 rowCount() const;
    bool countIsExact() const { return m_exactCount >= 0; }
    /// The row at `row` when its block is cached (marking it recently used), else nullptr.
    const Row *row(qint64 row);
    /// Asks for rows [first, last]. Missing blocks are fetched in one query; a request that
    /// needs other blocks than the one in flight interrupts it (newest wins).
    void requestRows(qint64 first, qint64 last);

    /// Starts COUNT(*) on a second connection (so a running count never blocks scrolling).
    void requestExactCount();
    /// Interrupts a running count; countCancelled() follows.
    void cancelCount();
    bool countRunning() const { return m_countRunning; }

    /// Drops the cached rows and reads them again, with a fresh exact count: after the table
    /// changed underneath (an EditBuffer applied, a script ran). Views re-request their rows.
    void reload();

    const BlockCache &cache() const { return m_cache; }
    const SourceStats &stats() const { return m_stats; }
    quint64 generation() const { return m_generation; }

signals:
    /// Rows [first, last] are now cached.
    void rowsArrived(qint64 first, qint64 last);
    /// rowCount() changed (an exact count arrived, or the end of the rows was reached).
    void rowCountChanged(qint64 count);
    /// The rows were dropped (new sort or filter, or the count proved the tail misaligned).
    void rowsReset();
    void countReady(qint64 count);
    void countCancelled();
    /// A fetch or count failed for a reason other than cancellation.
    void failed(const QString &message);

private:
    struct Fetch; // what one block fetch ran, see row_source.cpp
    RowSource(std::shared_ptr<store::Database> db, store::Table table, SourceOptions options);
    Result<void> probe();
    void startFetch(qint64 firstBlock, qint64 lastBlock);
    void deliverRows(quint64 generation, qint64 firstBlock, int expected, bool toEnd,
                     QList<Row> rows, bool usedOffset, bool interrupted, QString error);
    void deliverCount(quint64 generation, qint64 count, bool interrupted, QString error);
    void resetRows();
    void abandonCount();

    std::shared_ptr<store::Database> m_db;
    store::Table m_table;
    SourceOptions m_options;
    Paging m_paging = Paging::Offset;
    RowQuery m_query;
    BlockCache m_cache;
    SourceStats m_stats;
    qint64 m_estimate = -1;      ///< unfiltered estimate, -1 when unknown
    qint64 m_exactCount = -1;    ///< for the current filter
    qint64 m_loadedEnd = 0;      ///< one past the highest row fetched (when no count is known)
    qint64 m_tailAlignedTo = -1; ///< the count the cached tail was placed by, -1 when none
    quint64 m_generation = 0;
    quint64 m_countGeneration = 0;
    bool m_countRunning = false;
    QSet<qint64> m_inFlight;
    // Read by jobs on the worker threads so a superseded job skips its query altogether.
    std::shared_ptr<std::atomic<quint64>> m_liveGeneration;
    std::shared_ptr<std::atomic<quint64>> m_liveCountGeneration;
    std::unique_ptr<QueryWorker> m_rows;
    std::unique_ptr<QueryWorker> m_counter;
};

} // namespace bb::dbx
