// Evaluation of a parsed LogQuery, and the field lookup over an in-memory LogRecord.
#include "telemetry/log_query.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <set>

namespace bb::telemetry {

namespace {

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool containsIgnoreCase(std::string_view haystack, std::string_view needle)
{
    if (needle.empty())
        return true;
    if (needle.size() > haystack.size())
        return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && lower(haystack[i + k]) == lower(needle[k]))
            ++k;
        if (k == needle.size())
            return true;
    }
    return false;
}

/// The whole of `text` as a number (surrounding blanks allowed), as JSON-lines files often
/// carry status codes and durations as strings.
bool parseNumber(std::string_view text, double &out)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.empty())
        return false;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

template<class T> bool ordered(LogQuery::Op op, const T &a, const T &b)
{
    switch (op) {
    case LogQuery::Op::Eq:
        return a == b;
    case LogQuery::Op::Ne:
        return a != b;
    case LogQuery::Op::Gt:
        return a > b;
    case LogQuery::Op::Ge:
        return a >= b;
    case LogQuery::Op::Lt:
        return a < b;
    case LogQuery::Op::Le:
        return a <= b;
    default:
        return false;
    }
}

/// The text a value shows to `~`: its text, a number's spelling, true/false.
std::string_view shownText(const LogFieldValue &v, std::string &scratch)
{
    if (v.kind == LogFieldValue::Bool)
        return v.boolean ? "true" : "false";
    if (v.kind == LogFieldValue::Number && v.text.empty()) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v.number);
        scratch.assign(buf, r.ptr);
        return scratch;
    }
    return v.text;
}

/// "2024-01-02T03:04:05.678Z", as LogRecord::toJsonLine spells `ts`.
std::string_view isoTime(std::int64_t tsUs, char (&buf)[32])
{
    std::int64_t ms = tsUs / 1000;
    if (tsUs % 1000 < 0)
        --ms;
    std::int64_t second = ms / 1000;
    int milli = int(ms % 1000);
    if (milli < 0) {
        milli += 1000;
        --second;
    }
    const std::time_t t = std::time_t(second);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    buf[n++] = '.';
    buf[n++] = char('0' + milli / 100);
    buf[n++] = char('0' + milli / 10 % 10);
    buf[n++] = char('0' + milli % 10);
    buf[n++] = 'Z';
    return {buf, n};
}

LogFieldValue text(const std::string &s)
{
    if (s.empty())
        return {};
    LogFieldValue v;
    v.kind = LogFieldValue::Text;
    v.text = s;
    return v;
}

LogFieldValue number(double n, std::string_view spelling = {})
{
    LogFieldValue v;
    v.kind = LogFieldValue::Number;
    v.number = n;
    v.text = spelling;
    return v;
}

} // namespace

int logLevelRank(std::string_view name)
{
    static constexpr std::pair<std::string_view, int> kLevels[] = {
        {"trace", 0}, {"debug", 1}, {"info", 2},  {"warn", 3},     {"warning", 3},
        {"error", 4}, {"fatal", 5}, {"panic", 5}, {"critical", 5},
    };
    if (name.size() > 8)
        return -1;
    char buf[8];
    for (std::size_t i = 0; i < name.size(); ++i)
        buf[i] = lower(name[i]);
    const std::string_view folded(buf, name.size());
    for (const auto &[levelName, rank] : kLevels)
        if (levelName == folded)
            return rank;
    return -1;
}

bool LogQuery::compare(const Node &node, const LogFieldValue &v)
{
    using Lit = Literal;
    const Lit &lit = node.literal;
    const bool absent = v.kind == LogFieldValue::Missing || v.kind == LogFieldValue::Null;
    if (lit.kind == Lit::Null)
        return (node.op == Op::Eq) == absent;
    if (absent)
        return node.op == Op::Ne || node.op == Op::NotContains;

    if (node.op == Op::Contains || node.op == Op::NotContains) {
        std::string scratch;
        const bool found = containsIgnoreCase(shownText(v, scratch), lit.text);
        return found == (node.op == Op::Contains);
    }
    if (lit.levelRank >= 0) {
        std::string scratch;
        const int rank = logLevelRank(shownText(v, scratch));
        if (rank < 0) // an unknown level only differs from every named one
            return node.op == Op::Ne;
        return ordered(node.op, rank, lit.levelRank);
    }
    if (v.kind == LogFieldValue::Bool || lit.kind == Lit::Bool) {
        if (node.op != Op::Eq && node.op != Op::Ne)
            return false;
        std::string scratch;
        return ordered(node.op, shownText(v, scratch), std::string_view(lit.text));
    }
    // Numeric when both sides are numbers (a side of text counts when it spells one).
    double left = 0, right = 0;
    const bool leftNumber =
        v.kind == LogFieldValue::Number ? (left = v.number, true) : parseNumber(v.text, left);
    const bool rightNumber =
        lit.kind == Lit::Number ? (right = lit.number, true) : parseNumber(lit.text, right);
    if (v.kind == LogFieldValue::Number || lit.kind == Lit::Number) {
        if (leftNumber && rightNumber)
            return ordered(node.op, left, right);
        // Text against a number's spelling: `ts >= '2024-01-02'` orders ISO text.
        if (v.kind == LogFieldValue::Number && !v.text.empty() && lit.kind == Lit::Text)
            return ordered(node.op, v.text, std::string_view(lit.text));
        return node.op == Op::Ne; // a number and text that is not one only differ
    }
    return ordered(node.op, v.text, std::string_view(lit.text));
}

bool LogQuery::evaluate(int index, const LogFieldLookup &lookup) const
{
    const Node &node = m_nodes[std::size_t(index)];
    switch (node.kind) {
    case Node::And:
        for (const int child : node.children)
            if (!evaluate(child, lookup))
                return false;
        return true;
    case Node::Or:
        for (const int child : node.children)
            if (evaluate(child, lookup))
                return true;
        return false;
    case Node::Compare:
        return compare(node, lookup(node.field));
    }
    return false;
}

bool LogQuery::matches(const LogFieldLookup &lookup) const
{
    return m_root < 0 || evaluate(m_root, lookup);
}

bool LogQuery::matches(const LogRecord &r) const
{
    if (m_root < 0)
        return true;
    char buf[32];
    const LogFieldLookup lookup = [&r, &buf](std::string_view field) -> LogFieldValue {
        if (field == "msg") { // always in the JSON, even when empty
            LogFieldValue v;
            v.kind = LogFieldValue::Text;
            v.text = r.msg;
            return v;
        }
        if (field == "level") {
            LogFieldValue v;
            v.kind = LogFieldValue::Text;
            v.text = levelName(r.level);
            return v;
        }
        if (field == "seq") {
            const auto n = std::to_chars(buf, buf + sizeof buf, r.seq).ptr - buf;
            return number(double(r.seq), {buf, std::size_t(n)});
        }
        if (field == "ts")
            return number(double(r.tsUs / 1000), isoTime(r.tsUs, buf));
        if (field == "traceId")
            return text(r.traceId);
        if (field == "method")
            return text(r.method);
        if (field == "path")
            return text(r.path);
        if (field == "status" || field == "durationMs") {
            if (r.status == 0)
                return {};
            if (field == "status") {
                const auto n = std::to_chars(buf, buf + sizeof buf, r.status).ptr - buf;
                return number(r.status, {buf, std::size_t(n)});
            }
            return number(r.durationMs);
        }
        if (field == "userId")
            return text(r.userId);
        if (field == "ip")
            return text(r.ip);
        std::string_view key = field;
        if (key.substr(0, 7) == "fields.")
            key.remove_prefix(7);
        for (const auto &[k, value] : r.fields) {
            if (k == key) {
                LogFieldValue v;
                v.kind = LogFieldValue::Text;
                v.text = value;
                return v;
            }
        }
        return {};
    };
    return evaluate(m_root, lookup);
}

std::vector<std::string> LogQuery::fieldNames() const
{
    std::vector<std::string> out;
    std::set<std::string> seen;
    // Nodes are stored in parse order for comparisons (parents come after their children).
    for (const Node &node : m_nodes)
        if (node.kind == Node::Compare && seen.insert(node.field).second)
            out.push_back(node.field);
    return out;
}

std::vector<std::string> LogQuery::containsTerms() const
{
    std::vector<std::string> out;
    for (const Node &node : m_nodes)
        if (node.kind == Node::Compare && node.op == Op::Contains && !node.literal.text.empty())
            out.push_back(node.literal.text);
    return out;
}

} // namespace bb::telemetry
