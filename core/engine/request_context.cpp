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
    trace->spans.reserve(16);
    telemetry::Span root;
    root.spanId = fastRandom64() | 1;
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

std::uint64_t RequestContext::nextSpanId()
{
    // Unique within the trace and cheap: the root's random id mixed with the span's index.
    const auto index = std::uint64_t(trace->spans.size());
    return (trace->spans[0].spanId ^ (index * 0x9e3779b97f4a7c15ULL)) | 1;
}

int RequestContext::beginSpan(const char *name)
{
    telemetry::Span s;
    s.spanId = nextSpanId();
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
    s.spanId = nextSpanId();
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
