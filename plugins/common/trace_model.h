// bb::plugins::common — one engine trace (GET /api/admin/traces/{id}) as a tree model of spans,
// the data behind the trace waterfall; testable without painting.
#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QList>
#include <QString>

namespace bb::plugins::common {

/// One span as the engine serves it; times in milliseconds from the trace's start.
struct TraceSpan {
    QString spanId;
    QString parentSpanId; ///< empty for the root, or the caller's span outside this trace
    QString name;         ///< the pipeline stage ("request", "auth", "handler", "sql", ...)
    double startMs = 0;
    double durationMs = 0;
    QString detail; ///< the SQL statement or a note
    bool error = false;
    int parent = -1; ///< index of the parent span in Trace::spans, -1 for a root
    int depth = 0;
    QList<int> children;
};

struct ParsedTrace {
    QString traceId;
    QString method;
    QString path;
    QString route;
    int status = 0;
    QString start; ///< ISO 8601 wall clock
    double durationMs = 0;
    QList<TraceSpan> spans; ///< in the engine's order (parents before children)
    QList<int> roots;
    /// The end of the latest span or the trace's duration, whichever is later: the time axis.
    double axisMs() const;
};

/// Parses the engine's trace JSON; false with `*error` (and its byte offset for malformed JSON)
/// when it is not a trace.
bool parseTrace(const QByteArray &json, ParsedTrace *out, QString *error);

/// The spans as a tree (children under their parent span). Columns: name, start, duration,
/// detail. Row data carries the span index (SpanIndexRole) for the waterfall's painting.
class TraceModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StartColumn, DurationColumn, DetailColumn, ColumnCount };
    enum Role {
        SpanIndexRole = Qt::UserRole + 1,
        StartMsRole,
        DurationMsRole,
        DepthRole,
        ErrorRole,
    };

    explicit TraceModel(QObject *parent = nullptr);

    void setTrace(const ParsedTrace &trace);
    void clear();
    const ParsedTrace &trace() const { return m_trace; }
    const TraceSpan *spanAt(const QModelIndex &index) const;
    /// The index of span `spanIndex` (column 0).
    QModelIndex indexOfSpan(int spanIndex) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    const QList<int> &childrenOf(int spanIndex) const;

    ParsedTrace m_trace;
};

/// "0.42 ms", "12.3 ms", "1.25 s".
QString formatMs(double ms);

} // namespace bb::plugins::common
