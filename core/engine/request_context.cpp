#include "engine/request_context.h"

#include "common/clock.h"
#include "common/ids.h"

namespace bb::engine {

namespace {
thread_local RequestContext *t_current = nullptr;
const std::string kEmpty;
} // namespace

RequestContext::RequestContext(http::Request &req)
    : request(req)
    , trace(std::make_shared<telemetry::Trace>())
    // The trace starts when the first byte arrived, so "parse" covers reading the request.
    , m_startNs(req.receivedAtNs ? req.receivedAtNs : monotonicNs())
{
    // 14 spans of 72 bytes stay under glibc's per-thread cache limit (1,032 bytes), which
    // keeps this allocation on malloc's fast path; requests with SQL grow it once.
    trace->rootSpanId = fastRandom64() | 1;
    trace->spans.reserve(14);
    telemetry::Span root;
    root.name = "request";
    trace->spans.push_back(root);
}

const std::string &RequestContext::param(std::string_view name) const
{
    for (const auto &[k, v] : params)
        if (k == name)
            return v;
    return kEmpty;
}

int RequestContext::beginSpan(const char *name)
{
    telemetry::Span s;
    s.parent = 0;
    s.name = name;
    s.startNs = m_haveLastEnd ? m_lastEndNs : sinceStartNs();
    trace->spans.push_back(std::move(s));
    m_currentStage = int(trace->spans.size()) - 1;
    return m_currentStage;
}

void RequestContext::endSpan(int index)
{
    telemetry::Span &s = trace->spans[std::size_t(index)];
    m_lastEndNs = sinceStartNs();
    m_haveLastEnd = true;
    s.durationNs = m_lastEndNs - s.startNs;
    m_currentStage = 0;
}

void RequestContext::addSpan(const char *name, std::int64_t startNs, std::int64_t durationNs,
                             std::string detail, bool error)
{
    telemetry::Span s;
    s.parent = m_currentStage;
    s.name = name;
    s.startNs = startNs - m_startNs;
    s.durationNs = durationNs;
    s.detail = std::move(detail);
    s.error = error;
    trace->spans.push_back(std::move(s));
}

std::int64_t RequestContext::sinceStartNs() const
{
    return monotonicNs() - m_startNs;
}

RequestContext *RequestContext::current()
{
    return t_current;
}

void RequestContext::setCurrent(RequestContext *ctx)
{
    t_current = ctx;
}

} // namespace bb::engine
