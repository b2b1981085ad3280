#include "trace_fetcher.h"

#include <QTimer>

namespace bb::plugins::endpoints {

bool isSameOrigin(const QUrl &url, const QUrl &engineBase)
{
    if (!url.isValid() || !engineBase.isValid())
        return false;
    const auto port = [](const QUrl &u) {
        return u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    };
    return url.scheme() == engineBase.scheme() &&
           url.host().compare(engineBase.host(), Qt::CaseInsensitive) == 0 &&
           port(url) == port(engineBase);
}

QString traceIdOf(const QByteArray &traceParent)
{
    const QList<QByteArray> parts = traceParent.trimmed().split('-');
    if (parts.size() < 4 || parts[1].size() != 32)
        return {};
    return QString::fromLatin1(parts[1]).toLower();
}

TraceFetcher::TraceFetcher(client::HttpClient *client, TokenProvider token, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_token(std::move(token))
{}

void TraceFetcher::setRetry(int attempts, int delayMs)
{
    m_attempts = qMax(1, attempts);
    m_delayMs = qMax(0, delayMs);
}

void TraceFetcher::fetch(const QUrl &engineBase, const QString &traceId)
{
    attempt(engineBase, traceId, m_attempts);
}

void TraceFetcher::attempt(const QUrl &base, const QString &traceId, int left)
{
    client::HttpRequest request;
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + QStringLiteral("/api/admin/traces/") + traceId);
    request.url = url.toString();
    request.timeoutMs = 5000;
    request.reuseConnection = true;
    const QString token = m_token ? m_token() : QString();
    if (!token.isEmpty()) {
        request.auth.kind = client::Auth::Kind::Bearer;
        request.auth.token = token.toUtf8();
    }
    m_client->send(request, this, [this, base, traceId, left](const client::HttpResponse &r) {
        if (r.status == 200) {
            emit fetched(traceId, r.body);
            return;
        }
        // 404: the engine has not stored the trace yet (it does so after responding).
        if (r.status == 404 && left > 1) {
            // Bounded by m_attempts; the timer dies with this fetcher.
            QTimer::singleShot(m_delayMs, this,
                               [this, base, traceId, left] { attempt(base, traceId, left - 1); });
            return;
        }
        QString why;
        if (!r.ok())
            why = tr("The engine did not answer: %1").arg(r.error);
        else if (r.status == 401 || r.status == 403)
            why = tr("The engine refused the trace request (HTTP %1): sign in to the target "
                     "with an admin account")
                      .arg(r.status);
        else if (r.status == 404)
            why = tr("The engine kept no trace of this request (it may sample or have "
                     "dropped it)");
        else
            why = tr("The engine answered HTTP %1").arg(r.status);
        emit unavailable(traceId, why);
    });
}

} // namespace bb::plugins::endpoints
