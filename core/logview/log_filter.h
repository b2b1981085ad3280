// bb::logview — what the view shows: a LogQuery, the level chips and a time range, evaluated on
// compact lines.
#pragma once

#include "logview/log_level.h"
#include "logview/log_line.h"
#include "telemetry/log_query.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace bb::logview {

class FieldTable;

class LogFilter {
public:
    static constexpr std::int64_t kNoLimitFrom = std::numeric_limits<std::int64_t>::min();
    static constexpr std::int64_t kNoLimitTo = std::numeric_limits<std::int64_t>::max();

    explicit LogFilter(const FieldTable *fields = nullptr);
    LogFilter(const LogFilter &other);
    LogFilter &operator=(const LogFilter &other);

    void setQuery(telemetry::LogQuery query) { m_query = std::move(query); }
    const telemetry::LogQuery &query() const { return m_query; }
    void setLevelEnabled(Severity s, bool on);
    bool isLevelEnabled(Severity s) const { return m_levelMask & (1u << int(s)); }
    unsigned levelMask() const { return m_levelMask; }
    void setTimeRange(std::int64_t fromMs, std::int64_t toMs);
    std::int64_t fromMs() const { return m_fromMs; }
    std::int64_t toMs() const { return m_toMs; }
    bool hasTimeRange() const { return m_fromMs != kNoLimitFrom || m_toMs != kNoLimitTo; }

    /// The query and the time range (what the chips count and the histogram draws).
    bool matchesQueryAndRange(const LogLine &line) const;
    /// All three.
    bool matches(const LogLine &line) const
    {
        return isLevelEnabled(line.level) && matchesQueryAndRange(line);
    }

    /// The value LogQuery sees for `field` on `line` (also used for extra columns). `scratch`
    /// holds text that does not live in the line (ts, level, seq).
    static telemetry::LogFieldValue lookup(const LogLine &line, const FieldTable &fields,
                                           std::string_view field, std::string &scratch);

private:
    void bindLookup();

    const FieldTable *m_fields;
    telemetry::LogQuery m_query;
    unsigned m_levelMask = (1u << kSeverityCount) - 1;
    std::int64_t m_fromMs = kNoLimitFrom;
    std::int64_t m_toMs = kNoLimitTo;
    // The lookup LogQuery calls, bound once; it reads the line being matched from m_current.
    mutable const LogLine *m_current = nullptr;
    mutable std::string m_scratch;
    telemetry::LogFieldLookup m_lookup;
};

} // namespace bb::logview
