#include "logview/log_filter.h"

#include "logview/field_table.h"

#include <charconv>

namespace bb::logview {

using telemetry::LogFieldValue;

LogFilter::LogFilter(const FieldTable *fields)
    : m_fields(fields)
{
    bindLookup();
}

LogFilter::LogFilter(const LogFilter &other)
    : m_fields(other.m_fields)
    , m_query(other.m_query)
    , m_levelMask(other.m_levelMask)
    , m_fromMs(other.m_fromMs)
    , m_toMs(other.m_toMs)
{
    bindLookup();
}

LogFilter &LogFilter::operator=(const LogFilter &other)
{
    m_fields = other.m_fields;
    m_query = other.m_query;
    m_levelMask = other.m_levelMask;
    m_fromMs = other.m_fromMs;
    m_toMs = other.m_toMs;
    bindLookup();
    return *this;
}

void LogFilter::bindLookup()
{
    m_lookup = [this](std::string_view field) {
        return lookup(*m_current, *m_fields, field, m_scratch);
    };
}

void LogFilter::setLevelEnabled(Severity s, bool on)
{
    if (on)
        m_levelMask |= 1u << int(s);
    else
        m_levelMask &= ~(1u << int(s));
}

void LogFilter::setTimeRange(std::int64_t fromMs, std::int64_t toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
}

bool LogFilter::matchesQueryAndRange(const LogLine &line) const
{
    if (line.tsMs < m_fromMs || line.tsMs > m_toMs)
        return false;
    if (m_query.isEmpty() || !m_fields)
        return true;
    m_current = &line;
    return m_query.matches(m_lookup);
}

namespace {

LogFieldValue text(std::string_view s)
{
    LogFieldValue v;
    v.kind = s.empty() ? LogFieldValue::Missing : LogFieldValue::Text;
    v.text = s;
    return v;
}

LogFieldValue fromRef(const FieldRef &ref)
{
    LogFieldValue v;
    v.text = ref.value;
    switch (ref.kind) {
    case FieldKind::Number: {
        v.kind = LogFieldValue::Number;
        std::from_chars(ref.value.data(), ref.value.data() + ref.value.size(), v.number);
        break;
    }
    case FieldKind::Bool:
        v.kind = LogFieldValue::Bool;
        v.boolean = ref.value == "true";
        break;
    case FieldKind::Null:
        v.kind = LogFieldValue::Null;
        break;
    case FieldKind::Text:
    case FieldKind::Json:
        v.kind = LogFieldValue::Text;
        break;
    }
    return v;
}

bool is(std::string_view a, const char *b)
{
    return a == b;
}

} // namespace

LogFieldValue LogFilter::lookup(const LogLine &line, const FieldTable &fields,
                                std::string_view field, std::string &scratch)
{
    if (is(field, "msg") || is(field, "message"))
        return text(line.msg());
    if (is(field, "level") || is(field, "lvl") || is(field, "severity"))
        return text(severityName(line.level));
    if (is(field, "traceId") || is(field, "trace_id"))
        return text(line.traceId());
    if (is(field, "ts") || is(field, "time") || is(field, "timestamp")) {
        // A number (ms) spelled as its ISO text, as LogQuery's contract for `ts` says.
        scratch = isoTime(line.tsMs);
        LogFieldValue v;
        v.kind = LogFieldValue::Number;
        v.number = double(line.tsMs);
        v.text = scratch;
        return v;
    }
    if (is(field, "seq")) {
        if (!line.seq)
            return {};
        scratch = std::to_string(line.seq);
        LogFieldValue v;
        v.kind = LogFieldValue::Number;
        v.number = double(line.seq);
        v.text = scratch;
        return v;
    }
    std::uint16_t id = fields.find(field);
    if (id == FieldTable::kNone && field.substr(0, 7) == "fields.")
        id = fields.find(field.substr(7));
    FieldRef ref;
    if (id == FieldTable::kNone || !line.field(id, &ref))
        return {};
    return fromRef(ref);
}

} // namespace bb::logview
