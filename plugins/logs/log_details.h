// bb::plugins::logs — the details of the selected line: every field, the line as pretty JSON,
// and for a line with a trace id its trace waterfall (the tester's Server trace widget).
#pragma once

#include <QUrl>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QStackedWidget;
class QTabBar;

namespace bb::logview {
class FieldTable;
class LogLine;
} // namespace bb::logview

namespace bb::plugins::common {
class TraceWaterfall;
}

namespace bb::plugins::logs {

class TraceLoader;

class LogDetails : public QWidget {
    Q_OBJECT
public:
    enum Tab { FieldsTab, JsonTab, TraceTab };
    /// The base URL serving traces for the current source and a token for it; an empty URL
    /// means the source has no trace API (a file).
    using TraceApi = std::function<std::pair<QUrl, QString>()>;

    explicit LogDetails(QWidget *parent = nullptr);

    void setTraceApi(TraceApi api) { m_traceApi = std::move(api); }
    void showLine(const logview::LogLine &line, const logview::FieldTable &fields);
    /// Opens the Trace tab on `traceId` (also without a selected line).
    void showTrace(const QString &traceId);
    void clear();

    /// The Fields / JSON / Trace switch (a tab bar over a stack: the pane is not a main tab
    /// widget of the panel).
    QTabBar *tabs() const { return m_tabs; }
    QTableWidget *fieldsTable() const { return m_fields; }
    QString jsonText() const;
    common::TraceWaterfall *waterfall() const { return m_waterfall; }
    QString traceId() const { return m_traceId; }

private:
    void loadTraceIfShown();

    QTabBar *m_tabs;
    QStackedWidget *m_stack;
    QTableWidget *m_fields;
    QPlainTextEdit *m_json;
    common::TraceWaterfall *m_waterfall;
    TraceLoader *m_loader;
    TraceApi m_traceApi;
    QString m_traceId;
    QString m_loadedTraceId;
};

} // namespace bb::plugins::logs
