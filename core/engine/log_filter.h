// bb::engine — the query parameters the log routes share (level, q, since, until), parsed once
// into a predicate on log records, with a 400 naming the parameter for bad values.
#pragma once

#include "http/message.h"
#include "telemetry/log_query.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace bb::engine {

struct LogFilter {
    telemetry::Level minLevel = telemetry::Level::Debug;
    telemetry::LogQuery query;
    std::int64_t sinceUs = std::numeric_limits<std::int64_t>::min(); ///< inclusive
    std::int64_t untilUs = std::numeric_limits<std::int64_t>::max(); ///< exclusive

    bool matches(const telemetry::LogRecord &r) const
    {
        return r.level >= minLevel && r.tsUs >= sinceUs && r.tsUs < untilUs && query.matches(r);
    }
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// level (debug/info/warn/error), q (the filter language), and with `withTime` since/until.
std::variant<LogFilter, http::Response> parseLogFilter(const QueryParams &params, bool withTime);

/// An RFC 3339 time ("2024-01-02T03:04:05Z", offsets and fractions allowed; no offset means
/// UTC) or milliseconds since the epoch, as µs since the epoch; nullopt when neither.
std::optional<std::int64_t> parseTimeParam(const std::string &text);

/// A non-negative integer parameter; nullopt when `text` is not one.
std::optional<std::uint64_t> parseUnsigned(const std::string &text);

} // namespace bb::engine
