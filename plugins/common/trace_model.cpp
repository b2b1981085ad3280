#include "trace_model.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace bb::plugins::common {

double ParsedTrace::axisMs() const
{
    double end = durationMs;
    for (const TraceSpan &s : spans)
        end = std::max(end, s.startMs + s.durationMs);
    return end;
}

bool parseTrace(const QByteArray &json, ParsedTrace *out, QString *error)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError) {
        *error = QStringLiteral("The trace is not valid JSON: %1 at byte %2.")
                     .arg(perr.errorString())
                     .arg(perr.offset);
        return false;
    }
    const QJsonObject o = doc.object();
    if (!o.contains(QLatin1String("spans")) || !o.value(QLatin1String("spans")).isArray()) {
        *error = QStringLiteral("The answer has no \"spans\" array: it is not a trace.");
        return false;
    }
    ParsedTrace t;
    t.traceId = o.value(QLatin1String("traceId")).toString();
    t.method = o.value(QLatin1String("method")).toString();
    t.path = o.value(QLatin1String("path")).toString();
    t.route = o.value(QLatin1String("route")).toString();
    t.status = o.value(QLatin1String("status")).toInt();
    t.start = o.value(QLatin1String("start")).toString();
    t.durationMs = o.value(QLatin1String("durationMs")).toDouble();
    QHash<QString, int> byId;
    const QJsonArray spans = o.value(QLatin1String("spans")).toArray();
    for (const QJsonValue &v : spans) {
        const QJsonObject j = v.toObject();
        TraceSpan s;
        s.spanId = j.value(QLatin1String("spanId")).toString();
        s.parentSpanId = j.value(QLatin1String("parentSpanId")).toString();
        s.name = j.value(QLatin1String("name")).toString();
        s.startMs = j.value(QLatin1String("startMs")).toDouble();
        s.durationMs = j.value(QLatin1String("durationMs")).toDouble();
        s.detail = j.value(QLatin1String("detail")).toString();
        s.error = j.value(QLatin1String("error")).toBool();
        byId.insert(s.spanId, int(t.spans.size()));
        t.spans.append(s);
    }
    // Parents are resolved after all spans are read: a parent id that is not in this trace is
    // the caller's span (traceparent), so that span is a root here.
    for (int i = 0; i < t.spans.size(); ++i) {
        TraceSpan &s = t.spans[i];
        const int p = s.parentSpanId.isEmpty() ? -1 : byId.value(s.parentSpanId, -1);
        if (p >= 0 && p != i) {
            s.parent = p;
            t.spans[p].children.append(i);
        } else {
            t.roots.append(i);
        }
    }
    // Depths top-down; a cycle (malformed input) cannot loop because depth is bounded.
    for (int i = 0; i < t.spans.size(); ++i) {
        int d = 0;
        for (int p = t.spans[i].parent; p >= 0 && d <= t.spans.size(); p = t.spans[p].parent)
            ++d;
        t.spans[i].depth = d;
    }
    *out = std::move(t);
    return true;
}

QString formatMs(double ms)
{
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 2);
    if (ms >= 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    // Most pipeline stages take a few microseconds: "3 µs" says so, "0.00 ms" reads as nothing.
    if (ms <= 0)
        return QStringLiteral("0 ms");
    if (ms < 0.01)
        return QStringLiteral("%1 µs").arg(std::max(1, int(std::lround(ms * 1000))));
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', 2);
}

TraceModel::TraceModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void TraceModel::setTrace(const ParsedTrace &trace)
{
    beginResetModel();
    m_trace = trace;
    endResetModel();
}

void TraceModel::clear()
{
    setTrace({});
}

const QList<int> &TraceModel::childrenOf(int spanIndex) const
{
    return spanIndex < 0 ? m_trace.roots : m_trace.spans[spanIndex].children;
}

const TraceSpan *TraceModel::spanAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    return &m_trace.spans[int(index.internalId())];
}

QModelIndex TraceModel::indexOfSpan(int spanIndex) const
{
    if (spanIndex < 0 || spanIndex >= m_trace.spans.size())
        return {};
    const int row = int(childrenOf(m_trace.spans[spanIndex].parent).indexOf(spanIndex));
    return createIndex(row, 0, quintptr(spanIndex));
}

QModelIndex TraceModel::index(int row, int column, const QModelIndex &parent) const
{
    const int p = parent.isValid() ? int(parent.internalId()) : -1;
    const QList<int> &kids = childrenOf(p);
    if (row < 0 || row >= kids.size() || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, quintptr(kids[row]));
}

QModelIndex TraceModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfSpan(m_trace.spans[int(child.internalId())].parent);
}

int TraceModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(parent.isValid() ? int(parent.internalId()) : -1).size());
}

int TraceModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TraceModel::data(const QModelIndex &index, int role) const
{
    const TraceSpan *s = spanAt(index);
    if (!s)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return s->name;
        case StartColumn:
            return formatMs(s->startMs);
        case DurationColumn:
            return formatMs(s->durationMs);
        case DetailColumn:
            // One line in the table; the full text is in the tooltip and the detail pane.
            return s->detail.simplified().left(200);
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 — %2 at %3")
                          .arg(s->name, formatMs(s->durationMs), formatMs(s->startMs));
        if (!s->detail.isEmpty())
            tip += QStringLiteral("\n\n") + s->detail;
        if (s->error)
            tip += QStringLiteral("\n\nThis stage failed.");
        return tip;
    }
    case SpanIndexRole:
        return int(index.internalId());
    case StartMsRole:
        return s->startMs;
    case DurationMsRole:
        return s->durationMs;
    case DepthRole:
        return s->depth;
    case ErrorRole:
        return s->error;
    }
    return {};
}

QVariant TraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Stage");
    case StartColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case DetailColumn:
        return tr("Waterfall");
    }
    return {};
}

} // namespace bb::plugins::common
