#include "history_har.h"

#include "workspace/history_store.h"

namespace bb::plugins::endpoints {

namespace {

const QString kMasked = QStringLiteral("***");

bool isCredentialHeader(const QString &name)
{
    for (const char *credential : {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"})
        if (name.compare(QLatin1String(credential), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

void mask(QString &value)
{
    if (!value.isEmpty())
        value = kMasked;
}

} // namespace

workspace::HttpRequest withoutCredentials(workspace::HttpRequest r)
{
    for (workspace::KeyValue &h : r.headers) {
        if (isCredentialHeader(h.name))
            mask(h.value);
    }
    for (QString *credential : {&r.auth.password, &r.auth.token, &r.auth.keyValue,
                                &r.auth.secretKey, &r.auth.sessionToken, &r.auth.clientSecret})
        mask(*credential);
    return r;
}

workspace::HarEntry harEntry(const workspace::HistoryEntry &e)
{
    workspace::HarEntry h;
    h.started = e.time;
    // A HAR file is made to be shared: no credentials in it (docs/panels/endpoints.md).
    h.request = withoutCredentials(e.request);
    h.response.status = e.status;
    h.response.headers = e.responseHeaders;
    for (workspace::KeyValue &kv : h.response.headers) {
        if (isCredentialHeader(kv.name))
            mask(kv.value);
    }
    h.response.body = e.bodyPreview;
    h.response.bodySize = e.responseBytes;
    for (const workspace::KeyValue &kv : e.responseHeaders) {
        if (kv.name.compare(QLatin1String("Location"), Qt::CaseInsensitive) == 0)
            h.response.redirectUrl = kv.value;
    }
    h.timings.wait = e.durationMs;
    return h;
}

QByteArray historyAsHar(const workspace::HistoryStore &history)
{
    QList<workspace::HarEntry> entries;
    for (int i = history.size() - 1; i >= 0; --i)
        entries.append(harEntry(history.entry(i)));
    return workspace::exportHar(entries);
}

} // namespace bb::plugins::endpoints
