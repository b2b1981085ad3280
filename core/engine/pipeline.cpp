#include "engine/pipeline.h"

#include "common/clock.h"
#include "common/ids.h"
#include "engine/auth/identity_service.h"
#include "engine/responses.h"

#include <unordered_map>

namespace bb::engine {

namespace {
bool isResourceRoute(const std::string &pattern)
{
    return pattern.rfind("/api/v1/{resource}", 0) == 0;
}

// Addresses that stand for "no route" and "wrong method" in the metric series cache.
const char kUnmatchedKey = 0;
const char kNotAllowedKey = 0;

std::atomic<std::uint64_t> g_pipelineIds{0};

/// The metric series a thread has used, so the hot path skips building label vectors and
/// taking the family's lock. Keyed by pipeline id: a restarted engine never sees stale ones.
struct SeriesCache {
    struct Entry {
        const void *routeKey;
        int status;
        std::string method;
        telemetry::Counter *requests;
        telemetry::Histogram *duration;
    };
    std::uint64_t owner = 0;
    std::vector<Entry> entries;
};
thread_local SeriesCache t_series;
constexpr std::size_t kSeriesCacheSize = 64;
} // namespace

Pipeline::Pipeline(Services &services, const Router &router)
    : m_s(services)
    , m_router(router)
    , m_id(++g_pipelineIds)
{}

http::Response Pipeline::handle(http::Request &request)
{
    RequestContext ctx(request);
    RequestContext::setCurrent(&ctx);
    m_s.metrics.inFlight.add(1);

    if (request.parsedAtNs > request.receivedAtNs && request.receivedAtNs > 0)
        ctx.addSpan("parse", request.receivedAtNs, request.parsedAtNs - request.receivedAtNs, {},
                    false);

    {
        StageSpan span(ctx, "trace");
        auto &trace = *ctx.trace;
        if (auto parent = telemetry::parseTraceParent(request.headers.get("traceparent"))) {
            trace.traceId = std::move(parent->traceId);
            trace.parentSpanId = std::move(parent->parentId);
            span.setNote("continued from traceparent");
        } else {
            trace.traceId = randomHexId(16);
        }
        trace.startUs = wallClockUs() - (monotonicNs() - ctx.startNs()) / 1000;
        trace.method = request.method;
        trace.path = std::string(request.path());
        ctx.extraHeaders.add("traceparent",
                             telemetry::formatTraceParent(trace.traceId, trace.rootSpanId));
    }
    {
        // The access log line is written in finish(), once the status is known; this stage
        // only marks where it sits in the chain.
        StageSpan span(ctx, "access log");
    }

    http::Response response;
    RouteMatch match;
    std::optional<http::Response> early;
    try {
        if (!(early = cors(ctx)) && !(early = rateLimit(ctx)) && !(early = route(ctx, match)) &&
            !(early = authenticate(ctx)) && !(early = authorize(ctx, match)) &&
            !(early = cacheLookup(ctx, match))) {
            response = runHandler(ctx, match);
        } else {
            response = std::move(*early);
        }
    } catch (const std::exception &e) {
        response = problemResponse(500, QStringLiteral("The engine failed to handle the request."));
        m_s.logs.append({.level = telemetry::Level::Error,
                         .msg = std::string("handler threw: ") + e.what(),
                         .traceId = ctx.trace->traceId});
    }
    serialize(ctx, response);
    finish(ctx, response);
    RequestContext::setCurrent(nullptr);
    return response;
}

std::optional<http::Response> Pipeline::cors(RequestContext &ctx)
{
    StageSpan span(ctx, "cors");
    const auto origin = ctx.request.headers.get("Origin");
    if (origin.empty() || m_s.config.corsOrigin.isEmpty())
        return std::nullopt;
    const std::string allowed = m_s.config.corsOrigin == QLatin1String("*")
                                    ? std::string("*")
                                    : m_s.config.corsOrigin.toStdString();
    ctx.extraHeaders.add("Access-Control-Allow-Origin", allowed);
    ctx.extraHeaders.add("Vary", "Origin");
    ctx.extraHeaders.add("Access-Control-Expose-Headers",
                         "ETag, Location, traceparent, Retry-After");
    const auto requestedMethod = ctx.request.headers.get("Access-Control-Request-Method");
    if (ctx.request.method != "OPTIONS" || requestedMethod.empty())
        return std::nullopt;
    span.setNote("preflight");
    http::Response r;
    r.status = 204;
    r.headers.add("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    r.headers.add("Access-Control-Allow-Headers",
                  "Authorization, Content-Type, If-Match, If-None-Match, X-API-Key, traceparent");
    r.headers.add("Access-Control-Max-Age", "600");
    return r;
}

std::optional<http::Response> Pipeline::rateLimit(RequestContext &ctx)
{
    StageSpan span(ctx, "rate limit");
    if (!m_s.limiter.enabled())
        return std::nullopt;
    const int wait = m_s.limiter.acquire(ctx.request.remoteAddress, monotonicNs());
    if (wait == 0)
        return std::nullopt;
    span.setNote("limited");
    auto r = problemResponse(
        429, QStringLiteral("Too many requests from this address; retry after %1 s.").arg(wait));
    r.headers.add("Retry-After", std::to_string(wait));
    return r;
}

std::optional<http::Response> Pipeline::route(RequestContext &ctx, RouteMatch &match)
{
    StageSpan span(ctx, "route");
    match =
        m_router.match(ctx.request.method == "HEAD" ? std::string_view("GET") : ctx.request.method,
                       ctx.request.path());
    if (match.route) {
        ctx.route = match.route->pattern;
        ctx.routeKey = match.route;
        ctx.params = std::move(match.params);
        return std::nullopt;
    }
    if (match.pathMatched) {
        ctx.route = "(method not allowed)";
        ctx.routeKey = &kNotAllowedKey;
        auto r = problemResponse(405, QStringLiteral("%1 is not allowed here; allowed: %2.")
                                          .arg(QString::fromStdString(ctx.request.method),
                                               QString::fromStdString(match.allow)));
        r.headers.add("Allow", match.allow);
        return r;
    }
    ctx.route = "(unmatched)";
    ctx.routeKey = &kUnmatchedKey;
    return problemResponse(404, QStringLiteral("No route for %1 %2.")
                                    .arg(QString::fromStdString(ctx.request.method),
                                         QString::fromUtf8(ctx.request.path().data(),
                                                           int(ctx.request.path().size()))));
}

std::optional<http::Response> Pipeline::authenticate(RequestContext &ctx)
{
    StageSpan span(ctx, "authenticate");
    auto outcome = m_s.identity->authenticate(ctx.request);
    if (std::holds_alternative<std::monostate>(outcome)) {
        span.setNote("anonymous");
        return std::nullopt;
    }
    if (auto *refusal = std::get_if<auth::AuthRefusal>(&outcome)) {
        // Refused credentials are answered in authorize: a public route (health, login) still
        // works with a stale token in a client's default headers.
        ctx.principal.refusal = refusal->reason;
        ctx.principal.refusalDetail = refusal->detail;
        span.setNote("credentials refused");
        span.setDetail(refusal->reason.toStdString());
        return std::nullopt;
    }
    auth::Caller &caller = std::get<auth::Caller>(outcome);
    Principal &p = ctx.principal;
    p.authenticated = true;
    p.id = caller.id;
    p.userId = QString::number(caller.id);
    p.email = std::move(caller.email);
    p.roles = std::move(caller.roles);
    p.rolesKey = std::move(caller.rolesKey);
    p.sessionId = std::move(caller.sessionId);
    p.viaApiKey = caller.viaApiKey;
    span.setNote(p.viaApiKey ? "api key" : "bearer token");
    return std::nullopt;
}

namespace {
const char *actionFor(std::string_view method, bool collection)
{
    if (method == "GET" || method == "HEAD")
        return collection ? "list" : "read";
    if (method == "POST")
        return "create";
    if (method == "PUT" || method == "PATCH")
        return "update";
    if (method == "DELETE")
        return "delete";
    return nullptr;
}

/// A policy decision as the authorize stage needs it.
struct CachedDecision {
    bool allowed = false;
    bool ownOnly = false;
    std::string reason;
};

/// Decisions this thread took under the current policy snapshot, by roles, resource and action:
/// a client repeats the same few requests, and deciding builds strings for the reason. The
/// memo holds the snapshot it belongs to, so a role change (a new snapshot) empties it.
struct DecisionMemo {
    std::shared_ptr<const identity::PolicyEvaluator> policy;
    std::unordered_map<std::string, CachedDecision> decisions;
};
thread_local DecisionMemo t_decisions;
constexpr std::size_t kMaxMemoDecisions = 4096;

/// The decision for (roles, resource, action), from the memo when this thread took it before.
/// The key is built from the text the request already has; QStrings are made only on a miss.
const CachedDecision &decide(std::shared_ptr<const identity::PolicyEvaluator> policy,
                             const Principal &p, std::string_view resource, std::string_view action)
{
    DecisionMemo &memo = t_decisions;
    if (memo.policy != policy) {
        memo.decisions.clear();
        memo.policy = std::move(policy);
    }
    std::string key;
    key.reserve(p.rolesKey.size() + resource.size() + action.size() + 2);
    key += p.rolesKey;
    key += '\x1f';
    key += resource;
    key += '\x1f';
    key += action;
    if (auto it = memo.decisions.find(key); it != memo.decisions.end())
        return it->second;
    // A signed-in caller can do what anonymous callers can, and more.
    QStringList all = p.roles;
    all << identity::BuiltInRole::Anonymous;
    const identity::Decision d =
        memo.policy->decide(all, QString::fromUtf8(resource.data(), qsizetype(resource.size())),
                            QString::fromUtf8(action.data(), qsizetype(action.size())));
    if (memo.decisions.size() >= kMaxMemoDecisions)
        memo.decisions.clear();
    return memo.decisions
        .emplace(std::move(key), CachedDecision{d.allowed, d.ownOnly, d.reason.toStdString()})
        .first->second;
}

http::Response unauthenticated(const Principal &p)
{
    auto r = problemResponse(401, p.refusal.isEmpty()
                                      ? QStringLiteral("Authentication required: send a bearer "
                                                       "token or an X-API-Key.")
                                      : p.refusalDetail);
    r.headers.add("WWW-Authenticate", p.refusal.isEmpty()
                                          ? std::string("Bearer")
                                          : std::string("Bearer error=\"invalid_token\""));
    return r;
}
} // namespace

std::optional<http::Response> Pipeline::authorize(RequestContext &ctx, const RouteMatch &match)
{
    StageSpan span(ctx, "authorize");
    const Route &route = *match.route;
    if (route.access == Access::Public) {
        span.setNote("public route");
        return std::nullopt;
    }
    Principal &p = ctx.principal;
    if (!p.refusal.isEmpty()) {
        span.setNote("denied: credentials refused");
        return unauthenticated(p);
    }
    if (route.access == Access::Authenticated) {
        if (!p.authenticated) {
            span.setNote("denied: anonymous");
            return unauthenticated(p);
        }
        span.setNote("allowed: authenticated");
        return std::nullopt;
    }
    std::string_view resource;
    std::string_view action;
    if (route.access == Access::Admin) {
        resource = "admin"; // identity::Permission::AdminResource
        action = route.adminArea;
    } else {
        const bool collection = ctx.param("id").empty();
        const char *a = actionFor(ctx.request.method, collection);
        if (!a) {
            span.setNote("denied: no action for this method");
            return p.authenticated
                       ? problemResponse(403, QStringLiteral("No permission covers this method."))
                       : unauthenticated(p);
        }
        resource = ctx.param("resource");
        action = a;
        // System tables are never resources: the same 404 as any name that is not a table.
        if (!resource.empty() && resource.front() == '_') {
            span.setNote("system table");
            return problemResponse(
                404, QStringLiteral("There is no resource called '%1'.")
                         .arg(QString::fromUtf8(resource.data(), qsizetype(resource.size()))));
        }
    }
    const CachedDecision &d = decide(m_s.identity->roles.policy(), p, resource, action);
    const bool ownUnusable = d.ownOnly && route.access == Access::Admin;
    if (d.allowed && !ownUnusable && !(d.ownOnly && !p.authenticated)) {
        p.ownOnly = d.ownOnly;
        span.setNote(d.ownOnly ? "allowed: own rows only" : "allowed");
        span.setDetail(d.reason);
        return std::nullopt;
    }
    span.setNote("denied");
    span.setDetail(d.reason);
    if (!p.authenticated)
        return unauthenticated(p);
    return problemResponse(
        403,
        QStringLiteral("Your roles (%1) do not grant %2:%3.")
            .arg(p.roles.isEmpty() ? QStringLiteral("none") : p.roles.join(QStringLiteral(", ")),
                 QString::fromUtf8(resource.data(), qsizetype(resource.size())),
                 QString::fromUtf8(action.data(), qsizetype(action.size()))));
}

std::optional<http::Response> Pipeline::cacheLookup(RequestContext &ctx, const RouteMatch &match)
{
    StageSpan span(ctx, "response cache");
    if ((ctx.request.method != "GET" && ctx.request.method != "HEAD") ||
        !isResourceRoute(match.route->pattern)) {
        span.setNote("bypass");
        return std::nullopt;
    }
    if (!m_s.config.responseCache) {
        span.setNote("disabled");
        return std::nullopt;
    }
    ctx.cacheable = true;
    ctx.cacheKey = ctx.request.target;
    // Rows limited to their owner differ per caller; everything else is the same for everyone
    // the authorize stage let through.
    if (ctx.principal.ownOnly) {
        ctx.cacheKey += '\x1f';
        ctx.cacheKey += ctx.principal.userId.toStdString();
    }
    if (auto hit = m_s.cache.get(ctx.cacheKey, ctx.param("resource"))) {
        m_s.metrics.cacheHits.inc();
        span.setNote("hit");
        ctx.cacheable = false; // already stored
        return hit;
    }
    m_s.metrics.cacheMisses.inc();
    span.setNote("miss");
    return std::nullopt;
}

http::Response Pipeline::runHandler(RequestContext &ctx, const RouteMatch &match)
{
    StageSpan span(ctx, "handler");
    http::Response r = match.route->handler(ctx);
    if (r.status >= 500)
        span.setError(true);
    return r;
}

void Pipeline::serialize(RequestContext &ctx, http::Response &response)
{
    StageSpan span(ctx, "serialize");
    if (ctx.cacheable && response.status == 200)
        m_s.cache.put(ctx.cacheKey, ctx.param("resource"), response);
    // Conditional GET: a matching If-None-Match turns any 200 with an ETag into a 304.
    if (response.status == 200 && (ctx.request.method == "GET" || ctx.request.method == "HEAD")) {
        const auto etag = response.headers.get("ETag");
        const auto inm = ctx.request.headers.get("If-None-Match");
        if (!etag.empty() && !inm.empty() && etagMatches(inm, etag, true)) {
            response.status = 304;
            response.body.clear();
            response.headers.remove("Content-Type");
        }
    }
    response.headers.reserve(response.headers.fields().size() + ctx.extraHeaders.fields().size());
    for (const auto &[k, v] : ctx.extraHeaders.fields())
        response.headers.add(k, v);
}

std::pair<telemetry::Counter *, telemetry::Histogram *> Pipeline::series(const RequestContext &ctx,
                                                                         int status)
{
    SeriesCache &cache = t_series;
    if (cache.owner != m_id) {
        cache.entries.clear();
        cache.owner = m_id;
    }
    for (const SeriesCache::Entry &e : cache.entries)
        if (e.routeKey == ctx.routeKey && e.status == status && e.method == ctx.request.method)
            return {e.requests, e.duration};
    auto *requests = &m_s.metrics.requests.with(
        {ctx.request.method, std::string(ctx.route), std::to_string(status)});
    auto *duration = &m_s.metrics.duration.with({std::string(ctx.route)});
    if (ctx.routeKey && cache.entries.size() < kSeriesCacheSize)
        cache.entries.push_back({ctx.routeKey, status, ctx.request.method, requests, duration});
    return {requests, duration};
}

void Pipeline::finish(RequestContext &ctx, http::Response &response)
{
    auto &trace = *ctx.trace;
    trace.status = response.status;
    trace.route = std::string(ctx.route);
    const std::int64_t elapsedNs = ctx.sinceStartNs();
    const double seconds = double(elapsedNs) / 1e9;

    m_s.requestsTotal.fetch_add(1, std::memory_order_relaxed);
    if (response.status >= 500)
        m_s.serverErrors.fetch_add(1, std::memory_order_relaxed);
    else if (response.status >= 400)
        m_s.clientErrors.fetch_add(1, std::memory_order_relaxed);
    const auto [requests, duration] = series(ctx, response.status);
    requests->inc();
    duration->observe(seconds);
    m_s.latency.record(elapsedNs / 1000, wallClockUs() / 1'000'000);
    m_s.metrics.inFlight.add(-1);

    telemetry::LogRecord rec;
    rec.level = response.status >= 500   ? telemetry::Level::Error
                : response.status >= 400 ? telemetry::Level::Warn
                                         : telemetry::Level::Info;
    rec.msg = "request";
    rec.traceId = trace.traceId;
    rec.method = ctx.request.method;
    rec.path = std::string(ctx.request.path());
    rec.status = response.status;
    rec.durationMs = double(elapsedNs) / 1e6;
    rec.userId = ctx.principal.userId.toStdString();
    rec.ip = ctx.request.remoteAddress;
    m_s.logs.append(std::move(rec));

    // The write span and the trace's total close when the bytes have left; only then is the
    // trace complete enough to store.
    auto tracePtr = ctx.trace;
    const std::int64_t startNs = ctx.startNs();
    const std::int64_t writeStartNs = ctx.sinceStartNs();
    Services *services = &m_s;
    response.onWritten = [tracePtr, startNs, writeStartNs, services](std::int64_t writeNs,
                                                                     bool ok) {
        telemetry::Span w;
        w.parent = 0;
        w.name = "write";
        w.startNs = writeStartNs;
        w.durationNs = writeNs;
        w.error = !ok;
        tracePtr->spans.push_back(std::move(w));
        tracePtr->durationNs = monotonicNs() - startNs;
        tracePtr->spans[0].durationNs = tracePtr->durationNs;
        services->traces.add(tracePtr);
    };
}

} // namespace bb::engine
