#include "history_har.h"

#include "client/http_types.h"
#include "workspace/history_store.h"

#include <algorithm>

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

workspace::HarTimings harTimings(const client::PhaseTimings &t)
{
    workspace::HarTimings h;
    if (t.totalUs < 0)
        return h;
    const auto ms = [](qint64 us) { return double(us) / 1000.0; };
    // libcurl's figures are cumulative from the start; HAR's follow one another.
    const qint64 dns = std::max<qint64>(0, t.dnsUs);
    const qint64 connected = std::max(dns, t.connectUs);
    const qint64 secured = t.tlsUs > 0 ? std::max(connected, t.tlsUs) : connected;
    const qint64 sent = std::max(secured, t.preTransferUs);
    const qint64 firstByte = std::max(sent, t.ttfbUs);
    h.dns = t.dnsUs > 0 ? ms(dns) : -1;
    h.connect = t.connectUs > 0 && connected > dns ? ms(secured - dns) : -1;
    h.ssl = t.tlsUs > 0 ? ms(secured - connected) : -1;
    h.send = ms(sent - secured);
    h.wait = ms(firstByte - sent);
    h.receive = ms(std::max(firstByte, t.totalUs) - firstByte);
    return h;
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
    if (e.timings != workspace::HarTimings{})
        h.timings = e.timings;
    else
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
