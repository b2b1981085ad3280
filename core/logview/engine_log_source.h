// bb::logview — lines from a Backbench engine: the recent ones from GET /api/admin/logs, then
// live from GET /api/admin/logs/stream (SSE) resumed after the last seq, so nothing is shown
// twice across reconnects and engine restarts.
#pragma once

#include "logview/log_source.h"

#include <QByteArrayList>
#include <QTimer>

#include <functional>
#include <memory>

namespace bb::client {
class HttpClient;
class SseStream;
struct SseEvent;
} // namespace bb::client

namespace bb::logview {

class EngineLogSource : public LogSource {
    Q_OBJECT
public:
    using TokenProvider = std::function<QString()>;

    /// `token` is asked on every (re)connect: the embedded engine's tokens are short-lived.
    EngineLogSource(LogIngest *ingest, QUrl baseUrl, TokenProvider token,
                    QObject *parent = nullptr);
    ~EngineLogSource() override;

    void start() override;
    void stop() override;
    QString describe() const override;
    QUrl traceApiBase() const override { return m_base; }
    QString accessToken() const override { return m_token ? m_token() : QString(); }

    using RangeCallback = std::function<void(QByteArrayList lines, bool hasMore, QString error)>;
    /// Fetches the newest 5,000 records with ts in [fromMs, untilMs) matching `query` (the
    /// history before what the panel holds, for "showLogs"); `done` runs on this object's thread
    /// with the lines oldest first.
    void fetchRange(qint64 fromMs, qint64 untilMs, const QString &query, RangeCallback done);

    /// Lines fetched before the stream starts (default 5,000, the most one page of
    /// /api/admin/logs holds).
    void setBackfillLimit(int lines) { m_backfill = lines; }
    /// The highest seq received; the stream resumes after it.
    quint64 lastSeq() const { return m_lastSeq; }
    /// True when the engine has no stream route (an older Backbench) and the source polls
    /// /api/admin/logs?after= every second instead.
    bool isPolling() const { return m_polling; }

private:
    QUrl endpoint(const QString &path) const;
    void fetchBackfill();
    void openStream();
    void onEvent(const bb::client::SseEvent &event);
    void flushBuffer();
    void retryLater(const QString &why);

    QUrl m_base;
    TokenProvider m_token;
    std::unique_ptr<client::HttpClient> m_http;
    client::SseStream *m_stream = nullptr;
    QTimer m_flush;
    QTimer m_retry;
    QByteArrayList m_buffer;
    quint64 m_lastSeq = 0;
    int m_backfill = 5000;
    int m_failures = 0;
    bool m_polling = false;
    quint64 m_generation = 0;
    bool m_running = false;
};

} // namespace bb::logview
