#include "engine/handlers.h"
#include "engine/responses.h"

#include <QDateTime>
#include <QJsonArray>

namespace bb::engine {

namespace {

QString isoFromUs(std::int64_t us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject logToJson(const telemetry::LogRecord &r)
{
    QJsonObject o{{"seq", double(r.seq)},
                  {"ts", isoFromUs(r.tsUs)},
                  {"level", telemetry::levelName(r.level)},
                  {"msg", QString::fromStdString(r.msg)}};
    auto put = [&o](const char *k, const std::string &v) {
        if (!v.empty())
            o.insert(QLatin1String(k), QString::fromStdString(v));
    };
    put("traceId", r.traceId);
    put("method", r.method);
    put("path", r.path);
    if (r.status) {
        o.insert("status", r.status);
        o.insert("durationMs", r.durationMs);
    }
    put("userId", r.userId);
    put("ip", r.ip);
    if (!r.fields.empty()) {
        QJsonObject f;
        for (const auto &[k, v] : r.fields)
            f.insert(QString::fromStdString(k), QString::fromStdString(v));
        o.insert("fields", f);
    }
    return o;
}

int queryInt(const std::vector<std::pair<std::string, std::string>> &q, const char *name,
             int fallback)
{
    bool ok = false;
    const int n = QString::fromStdString(queryParam(q, name)).toInt(&ok);
    return ok ? n : fallback;
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

QJsonObject tableToJson(const store::Table &t)
{
    QJsonArray columns;
    for (const store::Column &c : t.columns) {
        QJsonObject j{{"name", c.name},       {"type", c.declaredType},
                      {"notNull", c.notNull}, {"primaryKey", c.primaryKey},
                      {"unique", c.unique},   {"generated", c.generated}};
        if (c.hasDefault)
            j.insert("default", c.defaultSql);
        columns.append(j);
    }
    QJsonArray indexes;
    for (const store::Index &i : t.indexes)
        indexes.append(QJsonObject{{"name", i.name},
                                   {"columns", QJsonArray::fromStringList(i.columns)},
                                   {"unique", i.unique}});
    QJsonArray fks;
    for (const store::ForeignKey &f : t.foreignKeys)
        fks.append(QJsonObject{{"columns", QJsonArray::fromStringList(f.columns)},
                               {"refTable", f.refTable},
                               {"refColumns", QJsonArray::fromStringList(f.refColumns)},
                               {"onDelete", f.onDelete}});
    return QJsonObject{{"name", t.name},
                       {"view", t.isView},
                       {"system", t.isSystem()},
                       {"primaryKey", t.primaryKey},
                       {"rowEstimate", double(t.rowEstimate)},
                       {"columns", columns},
                       {"indexes", indexes},
                       {"foreignKeys", fks},
                       {"triggers", QJsonArray::fromStringList(t.triggers)}};
}

void registerAdminRoutes(Router &router, Services &s)
{
    router.add(
        "GET", "/api/admin/schema", "Every table with columns, indexes and foreign keys", "admin",
        [&s](RequestContext &) {
            QJsonArray tables;
            for (const store::Table &t : s.schema()->tables)
                tables.append(tableToJson(t));
            return jsonResponse(
                200,
                QJsonObject{
                    {"dialect", s.db->dialect() == store::Dialect::Sqlite ? "sqlite" : "postgres"},
                    {"tables", tables}});
        },
        Access::Admin, "schema");

    router.add(
        "POST", "/api/admin/schema/reload", "Re-read the schema after outside changes", "admin",
        [&s](RequestContext &) {
            if (auto r = s.db->reloadSchema(); !r)
                return problemResponse(
                    503, QStringLiteral("Could not read the schema: %1").arg(r.error().message));
            s.cache.clear();
            return jsonResponse(200, QJsonObject{{"tables", int(s.schema()->tables.size())}});
        },
        Access::Admin, "schema");

    router.add(
        "GET", "/api/admin/traces", "Recent traces: minDurationMs, status, route, limit", "admin",
        [&s](RequestContext &ctx) {
            const auto q = parseQuery(ctx.request.query());
            const double minMs = QString::fromStdString(queryParam(q, "minDurationMs")).toDouble();
            const int status = queryInt(q, "status", 0);
            const std::string route = queryParam(q, "route");
            const int limit = std::clamp(queryInt(q, "limit", 100), 1, 1000);
            const auto traces = s.traces.recent(std::size_t(limit), [&](const telemetry::Trace &t) {
                return double(t.durationNs) / 1e6 >= minMs && (status == 0 || t.status == status) &&
                       (route.empty() || t.route == route || t.path == route);
            });
            QJsonArray items;
            for (const auto &t : traces)
                items.append(traceToJson(*t, false));
            return jsonResponse(200, QJsonObject{{"items", items}});
        },
        Access::Admin, "logs");

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
        "GET", "/api/admin/logs", "Recent log records: level, after (seq), limit", "admin",
        [&s](RequestContext &ctx) {
            const auto q = parseQuery(ctx.request.query());
            telemetry::Level minLevel = telemetry::Level::Debug;
            const std::string level = queryParam(q, "level");
            if (!level.empty() && !telemetry::parseLevel(level, minLevel))
                return problemResponse(
                    400,
                    QStringLiteral("Unknown level '%1': use debug, info, warn or error.")
                        .arg(QString::fromStdString(level)),
                    QJsonObject{{"parameter", "level"}});
            const auto after = std::uint64_t(std::max(0, queryInt(q, "after", 0)));
            const int limit = std::clamp(queryInt(q, "limit", 200), 1, 5000);
            const auto records =
                s.logs.since(after, std::size_t(limit), [minLevel](const telemetry::LogRecord &r) {
                    return r.level >= minLevel;
                });
            QJsonArray items;
            for (const auto &r : records)
                items.append(logToJson(r));
            return jsonResponse(
                200, QJsonObject{{"items", items}, {"lastSeq", double(s.logs.lastSeq())}});
        },
        Access::Admin, "logs");
}

} // namespace bb::engine
