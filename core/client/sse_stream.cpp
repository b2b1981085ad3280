#include "client/sse_stream.h"

#include "client/curl_transfer_p.h"
#include "client/response_sink_p.h"

namespace bb::client {

namespace {

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

} // namespace

SseStream::SseStream(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SseEvent>();
    qRegisterMetaType<HeaderList>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SseStream::connectNow);
}

SseStream::~SseStream()
{
    if (m_control)
        m_control->cancel();
    join();
}

void SseStream::join()
{
    if (m_worker.joinable())
        m_worker.join();
}

void SseStream::start(HttpRequest request, const QString &lastEventId)
{
    if (m_control)
        m_control->cancel();
    join();
    m_retryTimer.stop();
    m_request = std::move(request);
    m_lastEventId = lastEventId;
    m_retryMs = -1;
    m_attempt = 0;
    m_stopping = false;
    m_running = true;
    connectNow();
}

void SseStream::connectNow()
{
    join(); // the previous attempt's worker has posted its end already
    HttpRequest request = m_request;
    const quint64 generation = ++m_generation;
    m_control = std::make_shared<TransferControl>();

    bool hasAccept = false;
    for (const auto &[name, value] : request.headers)
        hasAccept |= name.compare("Accept", Qt::CaseInsensitive) == 0;
    if (!hasAccept)
        request.headers.append({QByteArray("Accept"), QByteArray("text/event-stream")});
    request.headers.append({QByteArray("Cache-Control"), QByteArray("no-cache")});
    if (!m_lastEventId.isEmpty())
        request.headers.append({QByteArray("Last-Event-ID"), m_lastEventId.toUtf8()});
    // An event stream has no end by design: a whole-transfer timeout would cut it.
    request.timeoutMs = 0;

    // Everything below runs on the worker; it talks to this object only through queued calls,
    // which Qt drops if the object is gone (the destructor joins the worker first anyway).
    struct State {
        SseParser parser;
        bool opened = false;
        QString refusal;
    };
    auto state = std::make_shared<State>();
    auto post = [this, generation](auto fn) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, fn] {
                if (generation == m_generation)
                    fn(this);
            },
            Qt::QueuedConnection);
    };
    m_control->setBodyHook([state, post](const ResponseSink &sink, QByteArrayView chunk) {
        if (!state->opened) {
            const int status = sink.status();
            const QByteArray type = headerValue(sink.headers(), "Content-Type");
            if (status < 200 || status >= 300) {
                state->refusal = QStringLiteral("the server answered %1").arg(status);
                return false;
            }
            if (!type.trimmed().toLower().startsWith("text/event-stream")) {
                state->refusal = QStringLiteral("not an event stream (Content-Type: %1)")
                                     .arg(QString::fromUtf8(type.isEmpty() ? "none" : type));
                return false;
            }
            state->opened = true;
            const HeaderList headers = sink.headers();
            post([status, headers](SseStream *self) {
                self->m_attempt = 0; // open again: the next failure starts a fresh count
                emit self->opened(status, headers);
            });
        }
        for (const SseEvent &e : state->parser.feed(chunk))
            post([e](SseStream *self) {
                if (!e.lastEventId.isEmpty())
                    self->m_lastEventId = e.lastEventId;
                emit self->eventReceived(e);
            });
        const int retry = state->parser.retryMs();
        if (retry >= 0)
            post([retry](SseStream *self) { self->m_retryMs = retry; });
        return true;
    });
    auto control = m_control;
    m_worker = std::thread([request = std::move(request), control, state, post] {
        const HttpResponse r = runTransfer(request, nullptr, *control);
        QString error;
        if (!state->refusal.isEmpty())
            error = state->refusal;
        else if (r.cancelled)
            error.clear();
        else if (!r.ok())
            error = r.error;
        else if (!state->opened && (r.status < 200 || r.status >= 300))
            error = QStringLiteral("the server answered %1").arg(r.status);
        else if (!state->opened)
            error = QStringLiteral("the server sent no event stream");
        const bool refused = !state->refusal.isEmpty() || (r.ok() && !state->opened);
        const bool cancelled = r.cancelled && state->refusal.isEmpty();
        const bool wasOpen = state->opened;
        post([error, refused, cancelled, wasOpen](SseStream *self) {
            self->attemptEnded(error, refused, cancelled, wasOpen);
        });
    });
}

void SseStream::attemptEnded(const QString &error, bool refused, bool cancelled, bool wasOpen)
{
    // Reconnect a stream that was open and then ended, and retry a reconnect the network
    // failed; never a first connection that failed, nor one the server refused (a non-2xx
    // status, 204 included, means "stop" in the standard).
    const bool reconnectable = wasOpen || (m_attempt > 0 && !refused);
    if (m_stopping || cancelled || refused || !reconnectable || !m_policy.enabled) {
        end(error);
        return;
    }
    ++m_attempt;
    if (m_attempt > m_policy.maxAttempts) {
        const QString why =
            error.isEmpty() ? QStringLiteral("the server closed the stream") : error;
        end(tr("gave up after %n reconnect attempt(s): %1", nullptr, m_policy.maxAttempts)
                .arg(why));
        return;
    }
    double delay = retryDelayMs();
    for (int i = 1; i < m_attempt && delay < m_policy.maxDelayMs; ++i)
        delay *= qMax(1.0, m_policy.backoff);
    const int delayMs = int(qBound(0.0, delay, double(qMax(0, m_policy.maxDelayMs))));
    m_retryClock.start();
    m_retryTimer.start(delayMs);
    emit reconnecting(m_attempt, delayMs, error);
}

void SseStream::end(const QString &error)
{
    m_retryTimer.stop();
    m_running = false;
    emit finished(error);
}

int SseStream::reconnectRemainingMs() const
{
    return m_retryTimer.isActive() ? qMax(0, m_retryTimer.interval() - int(m_retryClock.elapsed()))
                                   : -1;
}

void SseStream::stop()
{
    m_stopping = true;
    if (m_retryTimer.isActive()) { // waiting to reconnect: no transfer to cancel
        end(QString());
        return;
    }
    if (m_control)
        m_control->cancel();
}

} // namespace bb::client
