// bb::logview — the Logs panel's table: lines from the ring that pass the filter, updated in
// batches on a timer (one beginInsertRows per batch, evictions in batches), paused without
// losing lines, and refiltered in slices so no refilter blocks the event loop.
#pragma once

#include "logview/field_table.h"
#include "logview/log_filter.h"
#include "logview/log_ingest.h"
#include "logview/log_ring.h"
#include "logview/log_volume.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace bb::logview {

class LogTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, MessageColumn, FirstExtraColumn };
    enum Role {
        SeverityRole = Qt::UserRole + 1, ///< int(Severity)
        TraceIdRole,
        TimestampMsRole,
        /// The absolute ring index of the row's line (stable while the line is held).
        LineIndexRole,
    };

    explicit LogTableModel(QObject *parent = nullptr);
    ~LogTableModel() override;

    FieldTable &fields() { return *m_fields; }
    const FieldTable &fields() const { return *m_fields; }
    /// Where sources push raw JSON lines.
    LogIngest &ingest() { return *m_ingest; }

    // --- Live updates
    /// The most lines held; the oldest are evicted in batches beyond it.
    void setCapacity(std::size_t lines);
    std::size_t capacity() const { return m_ring.capacity(); }
    /// How often parsed lines are committed (default 100 ms).
    void setBatchInterval(int ms) { m_timer.setInterval(ms); }
    /// While paused, lines are buffered (up to the capacity) and counted in pendingCount().
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    qsizetype pendingCount() const { return qsizetype(m_pending.size()); }
    /// Holds commits without counting as a pause (an export reading the rows).
    void setHeld(bool held) { m_held = held; }
    /// Queues already parsed lines (tests, benchmarks, sources that parse themselves).
    void enqueue(std::vector<LogLine> lines);
    /// Takes what the ingest parsed and commits it now, unless paused.
    void flush();
    /// Drops every line held, pending or being parsed.
    void clear();
    /// Puts lines older than every line held (oldest first) before them, as far as the ring
    /// has room; returns how many were taken. A filter being applied starts again.
    int prependOlder(std::vector<LogLine> lines);
    /// The time of the oldest line held, or 0 when none is.
    qint64 oldestHeldMs() const { return m_ring.empty() ? 0 : m_ring.at(m_ring.firstIndex()).tsMs; }

    // --- Filter
    /// Parses and applies `text`; on a syntax error the previous query stays and the error is
    /// returned.
    std::optional<telemetry::LogQueryError> setQueryText(const QString &text);
    QString queryText() const { return m_queryText; }
    void setLevelEnabled(Severity level, bool enabled);
    bool isLevelEnabled(Severity level) const { return m_filter.isLevelEnabled(level); }
    void setTimeRange(qint64 fromMs, qint64 toMs);
    void resetTimeRange();
    bool hasTimeRange() const { return m_filter.hasTimeRange(); }
    qint64 rangeFromMs() const { return m_filter.fromMs(); }
    qint64 rangeToMs() const { return m_filter.toMs(); }
    const LogFilter &filter() const { return m_filter; }
    /// True while a filter change is being applied in slices.
    bool isRefiltering() const { return m_refilter.has_value(); }
    /// Texts of the query's `~` terms, for highlighting.
    QStringList highlightTerms() const { return m_terms; }

    // --- Columns and rows
    /// Field names shown after Time, Level, Message.
    void setExtraColumns(const QStringList &fieldNames);
    QStringList extraColumns() const { return m_extraColumns; }
    const LogLine &lineAt(int row) const { return m_ring.at(m_rows[std::size_t(row)]); }
    /// The row showing absolute line index `index`, or -1.
    int rowOfLine(std::uint64_t index) const;
    /// Lines matching the query and range, by level (the chips' counts).
    const LevelCounts &levelCounts() const { return m_counts; }
    /// The same lines by second, for the histogram.
    const LogVolume &volume() const { return m_volume; }
    std::size_t heldLines() const { return m_ring.size(); }
    std::size_t memoryBytes() const { return m_ring.memoryBytes(); }
    /// Every value of `field` as the table and export show it.
    QString fieldText(const LogLine &line, const QString &field) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    /// After each committed batch: lines added to the ring and rows added to the view.
    void batchCommitted(int lines, int rows);
    void pendingChanged(qsizetype pending);
    /// levelCounts() or volume() changed.
    void countsChanged();
    /// 0..100 while a filter change is applied; 100 when done.
    void refilterProgress(int percent);
    void filterApplied();

private:
    struct Refilter {
        LogFilter filter{nullptr};
        std::uint64_t next = 0;
        std::uint64_t start = 0;
        std::deque<std::uint64_t> rows;
        LevelCounts counts{};
        LogVolume volume;
        bool levelOnly = false; ///< the query and range did not change: reuse the marks
    };
    void commit(std::vector<LogLine> lines);
    void evictOldest(std::size_t count);
    void startRefilter(bool levelOnly);
    /// Where a field goes in the message column: method, path, status, durationMs lead.
    int leadRank(std::uint16_t id) const;
    void refilterSlice();

    std::shared_ptr<FieldTable> m_fields;
    std::unique_ptr<LogIngest> m_ingest;
    LogRing m_ring;
    LogFilter m_filter;
    QString m_queryText;
    QStringList m_terms;
    QStringList m_extraColumns;
    std::vector<std::uint16_t> m_extraIds;
    mutable std::vector<std::uint16_t> m_leadIds;
    std::deque<std::uint64_t> m_rows; ///< absolute ring indices of the lines shown
    LevelCounts m_counts{};
    LogVolume m_volume;
    std::deque<LogLine> m_pending;
    std::optional<Refilter> m_refilter;
    QTimer m_timer;
    QTimer m_refilterTimer;
    std::uint8_t m_markBit = 1; ///< the LogLine::marks bit of the current filter (1 or 2)
    bool m_paused = false;
    bool m_held = false;
};

} // namespace bb::logview
