// bb::engine — the state one request carries through the pipeline: its trace, route, params
// and the caller's identity.
#pragma once

#include "http/message.h"
#include "telemetry/trace.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace bb::engine {

/// Who is calling, as the authenticate stage found them, and what the authorize stage decided.
struct Principal {
    bool authenticated = false;
    QString userId; ///< the id as text, for logs; empty for anonymous
    qint64 id = 0;
    QString email;
    QStringList roles;
    std::string rolesKey; ///< the roles joined with ',', for the authorize stage's memo
    QString sessionId;    ///< the bearer token's session
    bool viaApiKey = false;
    /// Credentials were sent but refused: why (e.g. "stale_token") and a sentence for the 401.
    QString refusal;
    QString refusalDetail;
    /// The grant covers only rows whose owner_id is the caller (an `:own` permission).
    bool ownOnly = false;
};

class RequestContext {
public:
    explicit RequestContext(http::Request &request);

    http::Request &request;
    std::shared_ptr<telemetry::Trace> trace;
    /// The matched pattern, e.g. "/api/v1/{resource}/{id}"; views the router's own string.
    std::string_view route;
    const void *routeKey =
        nullptr; ///< identifies the matched route (or the kind of miss) for metric caches
    std::vector<std::pair<std::string, std::string>> params; ///< path parameters, decoded
    Principal principal;
    http::Headers extraHeaders; ///< added to whatever response goes out (CORS, traceparent)
    bool cacheable = false;     ///< the response cache may store the answer
    std::string cacheKey;

    /// The value of path parameter `name`, or empty.
    const std::string &param(std::string_view name) const;

    /// Starts a child span of the root and returns its index.
    int beginSpan(const char *name);
    /// Ends span `index` now.
    void endSpan(int index);
    /// The span at `index`, to attach a note, a detail or an error.
    telemetry::Span &span(int index) { return trace->spans[std::size_t(index)]; }
    /// Adds a finished span (e.g. one SQL statement) under the current stage.
    void addSpan(const char *name, std::int64_t startNs, std::int64_t durationNs,
                 std::string detail, bool error);
    /// Nanoseconds since the trace started.
    std::int64_t sinceStartNs() const;
    std::int64_t startNs() const { return m_startNs; }

    /// The context of the request running on this thread, or nullptr (for SQL spans).
    static RequestContext *current();
    static void setCurrent(RequestContext *ctx);

private:
    std::int64_t m_startNs;
    int m_currentStage = 0;
    // Stages follow each other with nothing in between, so a stage starts when the previous
    // one ended: one clock read per boundary instead of two.
    std::int64_t m_lastEndNs = 0;
    bool m_haveLastEnd = false;
};

/// RAII span for one pipeline stage.
class StageSpan {
public:
    StageSpan(RequestContext &ctx, const char *name)
        : m_ctx(ctx)
        , m_index(ctx.beginSpan(name))
    {}
    ~StageSpan() { m_ctx.endSpan(m_index); }
    /// A fixed note (string literal): no allocation on the hot path.
    void setNote(const char *note) { m_ctx.span(m_index).note = note; }
    void setDetail(std::string detail) { m_ctx.span(m_index).detail = std::move(detail); }
    void setError(bool error) { m_ctx.span(m_index).error = error; }

private:
    RequestContext &m_ctx;
    int m_index;
};

} // namespace bb::engine
