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
    const quint64 generation = ++m_generation;
    m_control = std::make_shared<TransferControl>();
    m_running = true;

    bool hasAccept = false;
    for (const auto &[name, value] : request.headers)
        hasAccept |= name.compare("Accept", Qt::CaseInsensitive) == 0;
    if (!hasAccept)
        request.headers.append({QByteArray("Accept"), QByteArray("text/event-stream")});
    request.headers.append({QByteArray("Cache-Control"), QByteArray("no-cache")});
    if (!lastEventId.isEmpty())
        request.headers.append({QByteArray("Last-Event-ID"), lastEventId.toUtf8()});
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
            post([status, headers](SseStream *self) { emit self->opened(status, headers); });
        }
        for (const SseEvent &e : state->parser.feed(chunk))
            post([e](SseStream *self) { emit self->eventReceived(e); });
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
        post([error](SseStream *self) {
            self->m_running = false;
            emit self->finished(error);
        });
    });
}

void SseStream::stop()
{
    if (m_control)
        m_control->cancel();
}

} // namespace bb::client
