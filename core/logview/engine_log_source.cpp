#include "logview/engine_log_source.h"

#include "client/http_client.h"
#include "client/sse_stream.h"
#include "logview/log_ingest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace bb::logview {

namespace {
constexpr int kFlushMs = 50;
constexpr int kMaxBuffered = 5000;
// Reconnects with a fresh token after the stream ended for good (the SSE client's own
// reconnects reuse the request, and so its token, which expires).
constexpr int kMaxFailures = 20;
constexpr int kRetryMs = 2000;
constexpr int kPollMs = 1000;
} // namespace

EngineLogSource::EngineLogSource(LogIngest *ingest, QUrl baseUrl, TokenProvider token,
                                 QObject *parent)
    : LogSource(ingest, parent)
    , m_base(std::move(baseUrl))
    , m_token(std::move(token))
    , m_http(std::make_unique<client::HttpClient>())
{
    m_flush.setInterval(kFlushMs);
    connect(&m_flush, &QTimer::timeout, this, &EngineLogSource::flushBuffer);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_running)
            fetchBackfill();
    });
}

EngineLogSource::~EngineLogSource()
{
    stop();
}

QString EngineLogSource::describe() const
{
    return m_base.toString();
}

QUrl EngineLogSource::endpoint(const QString &path) const
{
    QUrl url = m_base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

void EngineLogSource::start()
{
    stop();
    m_running = true;
    m_failures = 0;
    m_polling = false;
    ++m_generation;
    ingest()->setDedupBySeq(true);
    m_flush.start();
    fetchBackfill();
}

void EngineLogSource::stop()
{
    m_running = false;
    ++m_generation;
    m_retry.stop();
    m_flush.stop();
    flushBuffer();
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->stop();
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    if (state() != State::Idle)
        setState(State::Idle, tr("Stopped"));
}

void EngineLogSource::fetchBackfill()
{
    if (!m_base.isValid() || m_base.isEmpty()) {
        setState(State::Error, tr("No engine address"));
        return;
    }
    setState(State::Connecting, tr("Connecting to %1").arg(describe()));
    QUrl url = endpoint(QStringLiteral("/api/admin/logs"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_backfill));
    // After a reconnect, only what came since: the stream would replay it too, but in one page.
    if (m_lastSeq)
        q.addQueryItem(QStringLiteral("after"), QString::number(m_lastSeq));
    url.setQuery(q);
    client::HttpRequest request;
    request.url = url.toString();
    request.timeoutMs = 15000;
    const QString token = accessToken();
    if (!token.isEmpty()) {
        request.auth.kind = client::Auth::Kind::Bearer;
        request.auth.token = token.toUtf8();
    }
    const quint64 generation = m_generation;
    m_http->send(request, this, [this, generation](const client::HttpResponse &r) {
        if (generation != m_generation || !m_running)
            return;
        if (!r.ok()) {
            retryLater(tr("%1 did not answer: %2").arg(describe(), r.error));
            return;
        }
        if (r.status == 401 || r.status == 403) {
            // Final for a remote target with a wrong token; the embedded engine's next token
            // is fresh, so it is retried like any failure.
            retryLater(tr("%1 refused the logs request (HTTP %2): an admin token with "
                          "admin:logs is needed")
                           .arg(describe())
                           .arg(r.status));
            return;
        }
        if (r.status != 200) {
            retryLater(tr("%1 answered HTTP %2 to /api/admin/logs").arg(describe()).arg(r.status));
            return;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
        if (!doc.isObject()) {
            retryLater(tr("/api/admin/logs did not answer JSON: %1").arg(error.errorString()));
            return;
        }
        const QJsonArray items = doc.object().value(QStringLiteral("items")).toArray();
        QByteArrayList lines;
        lines.reserve(items.size());
        for (const QJsonValue &item : items) {
            const QJsonObject o = item.toObject();
            m_lastSeq = qMax(m_lastSeq, quint64(o.value(QStringLiteral("seq")).toDouble()));
            lines.append(QJsonDocument(o).toJson(QJsonDocument::Compact));
        }
        const bool more = doc.object().value(QStringLiteral("hasMore")).toBool();
        ingest()->push(std::move(lines), QDateTime::currentMSecsSinceEpoch());
        if (m_polling) {
            m_failures = 0;
            setState(State::Live,
                     tr("Polling %1 every second (it has no log stream)").arg(describe()));
            m_retry.start(more ? 0 : kPollMs);
            return;
        }
        openStream();
    });
}

void EngineLogSource::fetchRange(qint64 fromMs, qint64 untilMs, const QString &query,
                                 RangeCallback done)
{
    QUrl url = endpoint(QStringLiteral("/api/admin/logs"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("since"), QString::number(fromMs));
    q.addQueryItem(QStringLiteral("until"), QString::number(untilMs));
    q.addQueryItem(QStringLiteral("limit"), QString::number(m_backfill));
    if (!query.trimmed().isEmpty())
        q.addQueryItem(QStringLiteral("q"), query);
    url.setQuery(q);
    client::HttpRequest request;
    request.url = url.toString(QUrl::FullyEncoded);
    request.timeoutMs = 15000;
    const QString token = accessToken();
    if (!token.isEmpty()) {
        request.auth.kind = client::Auth::Kind::Bearer;
        request.auth.token = token.toUtf8();
    }
    m_http->send(request, this, [done = std::move(done)](const client::HttpResponse &r) {
        if (!r.ok() || r.status != 200) {
            done({}, false,
                 r.ok() ? tr("the engine answered HTTP %1 to the history request").arg(r.status)
                        : r.error);
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QByteArrayList lines;
        for (const QJsonValue &item : o.value(QStringLiteral("items")).toArray())
            lines.append(QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact));
        done(std::move(lines), o.value(QStringLiteral("hasMore")).toBool(), {});
    });
}

void EngineLogSource::openStream()
{
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->stop();
        m_stream->deleteLater();
    }
    m_stream = new client::SseStream(this);
    client::HttpRequest request;
    request.url = endpoint(QStringLiteral("/api/admin/logs/stream")).toString();
    const QString token = accessToken();
    if (!token.isEmpty()) {
        request.auth.kind = client::Auth::Kind::Bearer;
        request.auth.token = token.toUtf8();
    }
    connect(m_stream, &client::SseStream::opened, this, [this] {
        m_failures = 0;
        setState(State::Live, tr("Live from %1").arg(describe()));
    });
    connect(m_stream, &client::SseStream::eventReceived, this, &EngineLogSource::onEvent);
    connect(m_stream, &client::SseStream::reconnecting, this,
            [this](int attempt, int delayMs, const QString &reason) {
                setState(State::Connecting,
                         tr("Stream closed%1; reconnecting in %2 s (attempt %3)")
                             .arg(reason.isEmpty() ? QString() : QStringLiteral(": ") + reason)
                             .arg(qMax(1, delayMs / 1000))
                             .arg(attempt));
            });
    connect(m_stream, &client::SseStream::finished, this, [this](const QString &error) {
        if (!m_running)
            return;
        if (error.contains(QLatin1String("answered 404"))) {
            // An engine from before the stream route: page through /api/admin/logs instead.
            m_polling = true;
            m_retry.start(0);
            return;
        }
        retryLater(error.isEmpty() ? tr("The stream ended") : error);
    });
    m_stream->start(request, m_lastSeq ? QString::number(m_lastSeq) : QString());
}

void EngineLogSource::onEvent(const client::SseEvent &event)
{
    if (event.type != QLatin1String("log"))
        return;
    const quint64 seq = event.lastEventId.toULongLong();
    if (seq)
        m_lastSeq = qMax(m_lastSeq, seq);
    m_buffer.append(event.data.toUtf8());
    if (m_buffer.size() >= kMaxBuffered)
        flushBuffer();
}

void EngineLogSource::flushBuffer()
{
    if (m_buffer.isEmpty())
        return;
    ingest()->push(std::move(m_buffer), QDateTime::currentMSecsSinceEpoch());
    m_buffer = {};
}

void EngineLogSource::retryLater(const QString &why)
{
    if (++m_failures > kMaxFailures) {
        setState(State::Error, tr("%1 (gave up after %2 attempts)").arg(why).arg(kMaxFailures));
        m_running = false;
        m_flush.stop();
        return;
    }
    setState(State::Error, tr("%1; retrying").arg(why));
    m_retry.start(qMin(kRetryMs * m_failures, 30000));
}

} // namespace bb::logview
