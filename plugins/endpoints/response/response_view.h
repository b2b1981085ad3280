// bb::plugins::endpoints — everything the user sees of a response: a status line and the Body,
// Headers, Cookies, Timing, Tests and Server trace tabs.
#pragma once

#include "client/http_types.h"
#include "cookies.h"
#include "test_row.h"

#include <QWidget>

class QLabel;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace bb::plugins::common {
class TraceWaterfall;
}

namespace bb::plugins::endpoints {

class BodyViewer;
class TimingView;

class ResponseView : public QWidget {
    Q_OBJECT
public:
    enum Tab { BodyTab, HeadersTab, CookiesTab, TimingTab, TestsTab, TraceTab };

    explicit ResponseView(QWidget *parent = nullptr);

    void setResponse(const client::HttpResponse &response);
    void setTests(const QList<TestRow> &tests);
    /// The engine's trace JSON for this request (GET /api/admin/traces/{id}).
    void setServerTrace(const QByteArray &traceJson);
    void setServerTraceUnavailable(const QString &why);
    void clear();
    /// A request is on its way: the previous response is cleared and the status says so.
    void showRunning();

    /// Writes the body to `path` (QSaveFile) on a worker thread; bodySaved() tells the outcome.
    void saveBodyTo(const QString &path);

    BodyViewer *bodyViewer() const { return m_body; }
    TimingView *timingView() const { return m_timing; }
    common::TraceWaterfall *traceWaterfall() const { return m_trace; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableWidget *headersTable() const { return m_headers; }
    QTableWidget *cookiesTable() const { return m_cookies; }
    QTableWidget *testsTable() const { return m_tests; }
    /// The status line as shown ("200 OK · HTTP/1.1 · 12.3 ms · 1.2 KB").
    QString statusText() const;
    /// "Saved to a temporary file" when the body is file-backed, else empty.
    QString storageText() const;
    const client::HttpResponse &response() const { return m_response; }

signals:
    void bodySaved(const QString &path, const QString &error);

private:
    void chooseSavePath();
    void copyHeaders();

    client::HttpResponse m_response;
    QLabel *m_status;
    QLabel *m_details;
    QLabel *m_storage;
    QToolButton *m_save;
    QTabWidget *m_tabs;
    BodyViewer *m_body;
    QTableWidget *m_headers;
    QTableWidget *m_cookies;
    TimingView *m_timing;
    QTableWidget *m_tests;
    common::TraceWaterfall *m_trace;
};

/// "200 OK", "404 Not Found", ... (the reason phrase for common codes).
QString statusWithReason(int status);
/// "512 B", "1.2 KB", "100.0 MB".
QString formatBytes(qint64 bytes);

} // namespace bb::plugins::endpoints
