#include "history_har.h"

#include "workspace/history_store.h"

namespace bb::plugins::endpoints {

workspace::HarEntry harEntry(const workspace::HistoryEntry &e)
{
    workspace::HarEntry h;
    h.started = e.time;
    h.request = e.request;
    h.response.status = e.status;
    h.response.headers = e.responseHeaders;
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
