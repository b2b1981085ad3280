// The log and trace routes: GET /api/admin/logs (filtered, paged by seq), the SSE stream of
// log records, and the recent traces with their filters.
#include "engine/handlers.h"
#include "engine/log_filter.h"
#include "engine/log_stream.h"
#include "engine/responses.h"

#include <QDateTime>
#include <QJsonArray>

#include <charconv>

namespace bb::engine {

namespace {

QString isoFromUs(std::int64_t us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

http::Response badParameter(const char *name, const std::string &value, const QString &want)
{
    return problemResponse(
        400,
        QStringLiteral("'%1=%2': %3").arg(QLatin1String(name), QString::fromStdString(value), want),
        QJsonObject{{"parameter", name}});
}

// GET /api/admin/logs. Without `after` the newest `limit` matches (below `before` when given)
// come back and hasMore says older ones exist: paging back. With `after` the oldest `limit`
// matches above it come back and hasMore says newer ones exist: paging forward or polling
// without gaps.
http::Response listLogs(Services &s, RequestContext &ctx)
{
    const auto params = parseQuery(ctx.request.query());
    auto parsed = parseLogFilter(params, true);
    if (auto *bad = std::get_if<http::Response>(&parsed))
        return std::move(*bad);
    const LogFilter filter = std::get<LogFilter>(std::move(parsed));

    std::uint64_t seqs[2] = {0, 0};
    const char *seqNames[2] = {"after", "before"};
    for (int i = 0; i < 2; ++i) {
        const std::string text = queryParam(params, seqNames[i]);
        if (text.empty())
            continue;
        const auto v = parseUnsigned(text);
        if (!v)
            return badParameter(seqNames[i], text, QStringLiteral("a log seq is needed"));
        seqs[i] = *v;
    }
    std::uint64_t limit = 200;
    if (const std::string text = queryParam(params, "limit"); !text.empty()) {
        const auto v = parseUnsigned(text);
        if (!v)
            return badParameter("limit", text, QStringLiteral("a number from 1 to 5000 is needed"));
        limit = std::clamp<std::uint64_t>(*v, 1, 5000);
    }
    const bool forward = !queryParam(params, "after").empty();
    const auto slice =
        s.logs.slice(seqs[0], seqs[1], std::size_t(limit), forward,
                     [&filter](const telemetry::LogRecord &r) { return filter.matches(r); });
    // The records' own JSON lines, concatenated: 5,000 items through QJsonObject cost more than
    // the scan.
    std::string body;
    body.reserve(64 + slice.records.size() * 256);
    body += "{\"items\":[";
    for (std::size_t i = 0; i < slice.records.size(); ++i) {
        if (i)
            body += ',';
        body += slice.records[i].toJsonLine();
    }
    body += "],\"lastSeq\":";
    body += std::to_string(s.logs.lastSeq());
    body += ",\"hasMore\":";
    body += slice.more ? "true" : "false";
    body += '}';
    return rawJsonResponse(200, std::move(body));
}

http::Response streamLogs(Services &s, RequestContext &ctx)
{
    const auto params = parseQuery(ctx.request.query());
    auto parsed = parseLogFilter(params, false);
    if (auto *bad = std::get_if<http::Response>(&parsed))
        return std::move(*bad);
    // EventSource sends Last-Event-ID itself on a reconnect; the query parameter lets a first
    // connection resume too (EventSource cannot set headers).
    std::string last(ctx.request.headers.get("Last-Event-ID"));
    const char *source = "Last-Event-ID";
    if (last.empty()) {
        last = queryParam(params, "lastEventId");
        source = "lastEventId";
    }
    std::optional<std::uint64_t> lastEventId;
    if (!last.empty()) {
        lastEventId = parseUnsigned(last);
        if (!lastEventId)
            return badParameter(source, last, QStringLiteral("a log seq is needed"));
    }
    const std::string follow = queryParam(params, "follow");
    if (!follow.empty() && follow != "true" && follow != "false")
        return badParameter("follow", follow, QStringLiteral("true or false"));
    return logStreamResponse(s, std::get<LogFilter>(std::move(parsed)), lastEventId,
                             follow != "false");
}

// `status` is an exact code ("503") or a class ("5xx").
bool parseStatusFilter(const std::string &text, int &low, int &high)
{
    if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' &&
        (text[1] == 'x' || text[1] == 'X') && (text[2] == 'x' || text[2] == 'X')) {
        low = (text[0] - '0') * 100;
        high = low + 99;
        return true;
    }
    int code = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), code);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || code < 100 || code > 999)
        return false;
    low = high = code;
    return true;
}

bool traceHasError(const telemetry::Trace &t)
{
    if (t.status >= 500)
        return true;
    for (const telemetry::Span &span : t.spans)
        if (span.error)
            return true;
    return false;
}

http::Response listTraces(Services &s, RequestContext &ctx)
{
    const auto params = parseQuery(ctx.request.query());
    double minMs = 0;
    if (const std::string text = queryParam(params, "minDurationMs"); !text.empty()) {
        bool ok = false;
        minMs = QString::fromStdString(text).toDouble(&ok);
        if (!ok || minMs < 0)
            return badParameter("minDurationMs", text,
                                QStringLiteral("a non-negative number of milliseconds is needed"));
    }
    int statusLow = 0, statusHigh = 999;
    if (const std::string text = queryParam(params, "status"); !text.empty())
        if (!parseStatusFilter(text, statusLow, statusHigh))
            return badParameter("status", text,
                                QStringLiteral("a status code (503) or class (5xx) is needed"));
    std::int64_t sinceUs = std::numeric_limits<std::int64_t>::min();
    if (const std::string text = queryParam(params, "since"); !text.empty()) {
        const auto us = parseTimeParam(text);
        if (!us)
            return badParameter("since", text,
                                QStringLiteral("RFC 3339 or milliseconds since the epoch"));
        sinceUs = *us;
    }
    int errorFilter = -1; // -1 any, 0 without errors, 1 with
    if (const std::string text = queryParam(params, "error"); !text.empty()) {
        if (text != "true" && text != "false")
            return badParameter("error", text, QStringLiteral("true or false"));
        errorFilter = text == "true" ? 1 : 0;
    }
    std::uint64_t limit = 100;
    if (const std::string text = queryParam(params, "limit"); !text.empty()) {
        const auto v = parseUnsigned(text);
        if (!v)
            return badParameter("limit", text, QStringLiteral("a number from 1 to 1000 is needed"));
        limit = std::clamp<std::uint64_t>(*v, 1, 1000);
    }
    const std::string route = queryParam(params, "route");
    const auto traces = s.traces.recent(std::size_t(limit), [&](const telemetry::Trace &t) {
        return double(t.durationNs) / 1e6 >= minMs && t.status >= statusLow &&
               t.status <= statusHigh && t.startUs >= sinceUs &&
               (route.empty() || t.route == route || t.path == route) &&
               (errorFilter < 0 || traceHasError(t) == (errorFilter == 1));
    });
    QJsonArray items;
    for (const auto &t : traces)
        items.append(traceToJson(*t, false));
    return jsonResponse(200, QJsonObject{{"items", items}});
}

} // namespace

QJsonObject traceToJson(const telemetry::Trace &t, bool withSpans)
{
    QJsonObject o{{"traceId", QString::fromStdString(t.traceId)},
                  {"start", isoFromUs(t.startUs)},
                  {"durationMs", double(t.durationNs) / 1e6},
                  {"method", QString::fromStdString(t.method)},
                  {"path", QString::fromStdString(t.path)},
                  {"route", QString::fromStdString(t.route)},
                  {"status", t.status},
                  {"spanCount", int(t.spans.size())}};
    if (!t.parentSpanId.empty())
        o.insert("parentSpanId", QString::fromStdString(t.parentSpanId));
    if (!withSpans)
        return o;
    QJsonArray spans;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const telemetry::Span &s = t.spans[i];
        QJsonObject j{{"spanId", QString::fromStdString(telemetry::spanIdHex(t.spanId(i)))},
                      {"name", QString::fromLatin1(s.name)},
                      {"startMs", double(s.startNs) / 1e6},
                      {"durationMs", double(s.durationNs) / 1e6}};
        if (s.parent >= 0)
            j.insert("parentSpanId",
                     QString::fromStdString(telemetry::spanIdHex(t.spanId(std::size_t(s.parent)))));
        else if (!t.parentSpanId.empty())
            j.insert("parentSpanId", QString::fromStdString(t.parentSpanId));
        if (const std::string_view text = s.text(); !text.empty())
            j.insert("detail", QString::fromUtf8(text.data(), qsizetype(text.size())));
        if (s.error)
            j.insert("error", true);
        spans.append(j);
    }
    o.insert("spans", spans);
    return o;
}

void registerLogRoutes(Router &router, Services &s)
{
    router.add(
        "GET", "/api/admin/traces",
        "Recent traces: minDurationMs, status (503 or 5xx), route, since, error, limit", "admin",
        [&s](RequestContext &ctx) { return listTraces(s, ctx); }, Access::Admin, "logs");

    router.add(
        "GET", "/api/admin/traces/{traceId}", "One trace with all its spans", "admin",
        [&s](RequestContext &ctx) {
            const auto trace = s.traces.find(ctx.param("traceId"));
            if (!trace)
                return problemResponse(404, QStringLiteral("No trace %1 in the last %2 requests.")
                                                .arg(QString::fromStdString(ctx.param("traceId")))
                                                .arg(s.config.traceCapacity));
            return jsonResponse(200, traceToJson(*trace, true));
        },
        Access::Admin, "logs");

    router.add(
        "GET", "/api/admin/logs",
        "Log records: level, q, since, until, after/before (seq paging), limit", "admin",
        [&s](RequestContext &ctx) { return listLogs(s, ctx); }, Access::Admin, "logs");

    router.add(
        "GET", "/api/admin/logs/stream",
        "Log records as server-sent events: level, q, Last-Event-ID or lastEventId, follow",
        "admin", [&s](RequestContext &ctx) { return streamLogs(s, ctx); }, Access::Admin, "logs");
}

} // namespace bb::engine
