#include "trace_loader.h"

#include "client/http_client.h"

namespace bb::plugins::logs {

TraceLoader::TraceLoader(QObject *parent)
    : QObject(parent)
    , m_http(std::make_unique<client::HttpClient>())
{}

TraceLoader::~TraceLoader() = default;

void TraceLoader::load(const QUrl &base, const QString &token, const QString &traceId)
{
    const quint64 generation = ++m_generation;
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + QStringLiteral("/api/admin/traces/") +
                QString::fromLatin1(QUrl::toPercentEncoding(traceId)));
    client::HttpRequest request;
    request.url = url.toString();
    request.timeoutMs = 10000;
    if (!token.isEmpty()) {
        request.auth.kind = client::Auth::Kind::Bearer;
        request.auth.token = token.toUtf8();
    }
    m_http->send(request, this, [this, generation, traceId](const client::HttpResponse &r) {
        if (generation != m_generation)
            return;
        if (r.status == 200) {
            emit loaded(traceId, r.body);
            return;
        }
        QString why;
        if (!r.ok())
            why = tr("The engine did not answer: %1").arg(r.error);
        else if (r.status == 401 || r.status == 403)
            why = tr("The engine refused the trace request (HTTP %1): an admin token is needed")
                      .arg(r.status);
        else if (r.status == 404)
            why = tr("The engine no longer holds trace %1 (its trace ring keeps the most recent "
                     "ones)")
                      .arg(traceId);
        else
            why = tr("The engine answered HTTP %1").arg(r.status);
        emit failed(traceId, why);
    });
}

} // namespace bb::plugins::logs
