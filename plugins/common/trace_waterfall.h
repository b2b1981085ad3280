// bb::plugins::common — a request's server-side trace drawn as a waterfall: one row per span,
// indented under its parent, a bar on a time axis shared by all rows, and a detail pane with the
// full SQL of the selected span. Used by the Endpoints panel's Server trace tab and the Logs panel.
#pragma once

#include "trace_model.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTreeView;

namespace bb::plugins::common {

class TraceWaterfall : public QWidget {
    Q_OBJECT
public:
    explicit TraceWaterfall(QWidget *parent = nullptr);

    /// Shows the engine's trace JSON (GET /api/admin/traces/{id}); false, with the parse error
    /// shown in place of the waterfall, when it is not a trace.
    bool setTrace(const QByteArray &traceJson);
    /// Shows why there is no trace (no engine, trace evicted, not authorised, ...).
    void setUnavailable(const QString &why);
    void clear();

    TraceModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    /// The summary line, the unavailable reason or the parse error, whichever is shown.
    QString message() const;
    /// The detail pane's text for the selected span.
    QString detailText() const;
    bool isShowingTrace() const;
    /// Selects span `spanIndex` (as in model()->trace().spans) and shows its detail.
    void selectSpan(int spanIndex);

private:
    void showDetail(const QModelIndex &index);

    TraceModel *m_model;
    QStackedWidget *m_stack;
    QLabel *m_summary;
    QLabel *m_message;
    QTreeView *m_view;
    QPlainTextEdit *m_detail;
};

} // namespace bb::plugins::common
