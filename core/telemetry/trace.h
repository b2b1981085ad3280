// bb::telemetry — request traces: spans for each pipeline stage and SQL statement, W3C
// traceparent parsing, and the bounded ring of recent traces.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace bb::telemetry {

/// One timed step of a request. Times are nanoseconds relative to the trace's start.
struct Span {
    int parent = -1;       ///< index of the parent span in Trace::spans; -1 for the root
    bool error = false;    // next to `parent` so the struct packs into 72 bytes
    const char *name = ""; ///< a stage name ("handler") or "sql"; static storage
    std::int64_t startNs = 0;
    std::int64_t durationNs = 0;
    std::string detail;         ///< dynamic text, e.g. the SQL statement
    const char *note = nullptr; ///< a fixed note ("cache hit"); static storage, no allocation

    /// What to show beside the span: the note, else the detail.
    std::string_view text() const
    {
        return note ? std::string_view(note) : std::string_view(detail);
    }
};
static_assert(sizeof(Span) <= 72, "14 spans must fit malloc's per-thread cache (1,032 bytes)");

/// Everything one request did, as stored in the ring and served by /api/admin/traces.
struct Trace {
    std::string traceId;      ///< 32 hex digits
    std::string parentSpanId; ///< the caller's span from traceparent, if any
    std::int64_t startUs = 0; ///< wall clock, µs since the epoch
    std::int64_t durationNs = 0;
    std::string method;
    std::string path;
    std::string route; ///< the matched route pattern
    int status = 0;
    std::uint64_t rootSpanId = 0; ///< random; every other span's id derives from it
    std::vector<Span> spans;      ///< spans[0] is the root ("request")

    /// The id of span `index`: unique within the trace and stored nowhere, which keeps a
    /// request's spans within one small allocation.
    std::uint64_t spanId(std::size_t index) const
    {
        return index == 0 ? rootSpanId
                          : (rootSpanId ^ (std::uint64_t(index) * 0x9e3779b97f4a7c15ULL)) | 1;
    }
};

/// A parsed W3C traceparent header (version 00).
struct TraceParent {
    std::string traceId;
    std::string parentId;
    std::uint8_t flags = 0;
};

/// Parses `00-<32 hex>-<16 hex>-<2 hex>`; nullopt for anything invalid (then a new trace starts).
std::optional<TraceParent> parseTraceParent(std::string_view header);
/// Formats a traceparent for the response: version 00, sampled flag.
std::string formatTraceParent(const std::string &traceId, std::uint64_t spanId,
                              std::uint8_t flags = 1);
/// 16 lower-case hex digits.
std::string spanIdHex(std::uint64_t spanId);

/// A bounded ring of the most recent traces. Lookup by id scans newest first: it is rare (a
/// person opening a trace) while adding happens on every request, so no index is kept.
class TraceRing {
public:
    explicit TraceRing(std::size_t capacity = 10'000);
    void add(std::shared_ptr<const Trace> trace);
    std::shared_ptr<const Trace> find(const std::string &traceId) const;
    /// Newest first, at most `max`, keeping those `filter` accepts.
    std::vector<std::shared_ptr<const Trace>>
    recent(std::size_t max, const std::function<bool(const Trace &)> &filter = {}) const;
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::size_t m_capacity;
    std::deque<std::shared_ptr<const Trace>> m_items;
};

} // namespace bb::telemetry
