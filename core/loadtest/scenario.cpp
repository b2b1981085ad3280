#include "loadtest/scenario.h"
#include "loadtest/text_p.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace bb::loadtest {

using internal::trim;

namespace {

std::string quoted(std::string_view text)
{
    return "\"" + std::string(text) + "\"";
}

/// Parses a decimal number at the front of `text`; returns characters used (0 = none).
std::size_t parseNumber(std::string_view text, double &out)
{
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    if (i == 0)
        return 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, out);
    if (ec != std::errc() || ptr != text.data() + i)
        return 0;
    return i;
}

/// A duration with a unit at `pos` (1-based positions in errors, as users count them).
std::variant<double, std::string> durationAt(std::string_view whole, std::size_t offset,
                                             std::string_view text)
{
    if (text.empty())
        return quoted(whole) + " at " + std::to_string(offset + 1) + ": expected a duration";
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        double n = 0;
        const std::size_t used = parseNumber(text.substr(i), n);
        if (used == 0)
            return quoted(whole) + " at " + std::to_string(offset + i + 1) + ": expected a number";
        i += used;
        if (i == text.size()) {
            if (total != 0)
                return quoted(whole) + " at " + std::to_string(offset + i + 1) +
                       ": expected ms, s, m or h";
            return n; // a bare number is seconds
        }
        const std::string_view rest = text.substr(i);
        if (rest.starts_with("ms")) {
            total += n / 1000.0;
            i += 2;
        } else if (rest.front() == 's') {
            total += n;
            ++i;
        } else if (rest.front() == 'm') {
            total += n * 60;
            ++i;
        } else if (rest.front() == 'h') {
            total += n * 3600;
            ++i;
        } else {
            return quoted(whole) + " at " + std::to_string(offset + i + 1) + ": expected s, m or h";
        }
    }
    return total;
}

bool knownMetric(std::string_view m)
{
    static const char *const names[] = {"p50",  "p90",  "p95",        "p99",   "p99.9",  "max",
                                        "mean", "min",  "error_rate", "rps",   "checks", "avg",
                                        "med",  "p999", "p(95)",      "p(99)", "p(90)"};
    for (const char *n : names)
        if (m == n)
            return true;
    // Any other percentile: p75, p99.99.
    if (m.size() < 2 || m[0] != 'p')
        return false;
    double p = 0;
    return parseNumber(m.substr(1), p) == m.size() - 1 && p >= 0 && p <= 100;
}

std::string canonicalMetric(std::string_view m)
{
    if (m == "avg")
        return "mean";
    if (m == "med")
        return "p50";
    if (m == "p999")
        return "p99.9";
    if (m.starts_with("p(") && m.ends_with(")"))
        return "p" + std::string(m.substr(2, m.size() - 3));
    return std::string(m);
}

bool isLatency(std::string_view m)
{
    return m != "error_rate" && m != "rps" && m != "checks";
}

} // namespace

double Scenario::plannedSeconds() const
{
    if (stages.empty())
        return durationSeconds;
    double s = 0;
    for (const Stage &st : stages)
        s += st.seconds;
    return s;
}

std::variant<double, std::string> parseDuration(std::string_view text)
{
    return durationAt(text, 0, text);
}

std::variant<std::vector<Stage>, std::string> parseStages(std::string_view text)
{
    std::vector<Stage> stages;
    if (trim(text).empty())
        return std::string("no stages: expected DURATION:TARGET, e.g. 10s:100,30s:100,10s:0");
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view item = text.substr(start, end - start);
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos)
            return quoted(item) + " at " + std::to_string(start + 1) +
                   ": expected DURATION:TARGET, e.g. 30s:100";
        auto d = durationAt(item, 0, item.substr(0, colon));
        if (auto *err = std::get_if<std::string>(&d))
            return *err;
        double target = 0;
        const std::string_view t = item.substr(colon + 1);
        if (t.empty() || parseNumber(t, target) != t.size())
            return quoted(item) + " at " + std::to_string(colon + 2) +
                   ": expected a target number (connections or requests per second)";
        const double seconds = std::get<double>(d);
        if (seconds <= 0)
            return quoted(item) + " at 1: a stage lasts longer than 0 s";
        stages.push_back({seconds, target});
        if (end == text.size())
            break;
        start = end + 1;
    }
    return stages;
}

std::variant<Threshold, std::string> Threshold::parse(std::string_view text)
{
    Threshold t;
    t.text = std::string(trim(text));
    std::string_view s = trim(text);
    if (s.ends_with(",abort")) {
        t.abortOnFail = true;
        s.remove_suffix(6);
    } else if (s.ends_with("!")) {
        t.abortOnFail = true;
        s.remove_suffix(1);
    }
    std::size_t opAt = s.find_first_of("<>");
    if (opAt == std::string_view::npos)
        return quoted(text) + ": expected METRIC<VALUE or METRIC>VALUE, e.g. p95<200ms";
    const std::string_view metric = trim(s.substr(0, opAt));
    if (!knownMetric(metric))
        return quoted(text) + " at 1: unknown metric " + quoted(metric) +
               " (p50 p90 p95 p99 p99.9 min mean max error_rate rps checks)";
    t.metric = canonicalMetric(metric);
    t.op = s[opAt];
    std::size_t valueAt = opAt + 1;
    if (valueAt < s.size() && s[valueAt] == '=') {
        t.op = t.op == '<' ? 'l' : 'g';
        ++valueAt;
    }
    std::string_view value = trim(s.substr(valueAt));
    double n = 0;
    const std::size_t used = parseNumber(value, n);
    const std::size_t valuePos = s.find(value, valueAt) + 1;
    if (used == 0)
        return quoted(text) + " at " + std::to_string(valuePos) + ": expected a number";
    const std::string_view unit = value.substr(used);
    if (isLatency(t.metric)) {
        if (unit.empty() || unit == "ms")
            t.value = n;
        else if (unit == "us" || unit == "µs")
            t.value = n / 1000.0;
        else if (unit == "s")
            t.value = n * 1000.0;
        else
            return quoted(text) + " at " + std::to_string(valuePos + used) +
                   ": expected ms, s or us after a latency";
    } else {
        if (unit == "%")
            t.value = n / 100.0;
        else if (unit.empty() || (t.metric == "rps" && unit == "/s"))
            t.value = n;
        else
            return quoted(text) + " at " + std::to_string(valuePos + used) + ": unexpected " +
                   quoted(unit);
        if (t.metric != "rps" && t.value > 1)
            return quoted(text) + " at " + std::to_string(valuePos) +
                   ": a rate is a fraction from 0 to 1 (or a percentage like 1%)";
    }
    return t;
}

bool Threshold::passes(double observed) const
{
    if (std::isnan(observed))
        return false;
    switch (op) {
    case '<':
        return observed < value;
    case '>':
        return observed > value;
    case 'l':
        return observed <= value;
    case 'g':
        return observed >= value;
    }
    return false;
}

std::variant<Check, std::string> Check::parse(std::string_view text)
{
    Check c;
    const std::string_view s = trim(text);
    c.name = std::string(s);
    auto valueAfter = [&](std::size_t at) { return std::string(trim(s.substr(at))); };
    if (s.starts_with("status")) {
        c.kind = Kind::Status;
        std::size_t at = 6;
        while (at < s.size() && s[at] == ' ')
            ++at;
        if (at >= s.size() || s[at] != '=')
            return quoted(text) + " at " + std::to_string(at + 1) +
                   ": expected '=' and a status list, e.g. status=200,201";
        c.expected = valueAfter(at + 1);
        if (c.expected.empty())
            return quoted(text) + " at " + std::to_string(at + 2) + ": expected a status";
        std::size_t p = 0;
        for (char ch : c.expected) {
            ++p;
            if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != ',' && ch != 'x' &&
                ch != 'X' && ch != ' ')
                return quoted(text) + " at " + std::to_string(at + 1 + p) +
                       ": expected digits, 'x' or ','";
        }
        return c;
    }
    if (s.starts_with("header:")) {
        c.kind = Kind::Header;
        const std::string_view rest = s.substr(7);
        const std::size_t eq = rest.find('=');
        c.target = std::string(trim(rest.substr(0, eq)));
        if (eq != std::string_view::npos)
            c.expected = std::string(trim(rest.substr(eq + 1)));
        if (c.target.empty())
            return quoted(text) + " at 8: expected a header name";
        return c;
    }
    if (s.starts_with("body~")) {
        c.kind = Kind::BodyContains;
        c.expected = std::string(s.substr(5));
        if (c.expected.empty())
            return quoted(text) + " at 6: expected the text the body contains";
        return c;
    }
    if (s.starts_with("json:")) {
        c.kind = Kind::JsonPath;
        const std::string_view rest = s.substr(5);
        const std::size_t eq = rest.find('=');
        c.target = std::string(trim(rest.substr(0, eq)));
        if (eq != std::string_view::npos)
            c.expected = std::string(trim(rest.substr(eq + 1)));
        if (!c.target.starts_with("$"))
            return quoted(text) + " at 6: a JSON path starts with $, e.g. $.items[0].id";
        return c;
    }
    return quoted(text) +
           " at 1: expected status=…, header:NAME[=VALUE], body~TEXT or json:$.PATH[=VALUE]";
}

bool Check::statusMatches(int status) const
{
    const std::string code = std::to_string(status);
    std::size_t start = 0;
    while (start <= expected.size()) {
        std::size_t end = expected.find(',', start);
        if (end == std::string::npos)
            end = expected.size();
        const std::string_view item = trim(std::string_view(expected).substr(start, end - start));
        if (item.size() == 3) {
            bool ok = true;
            for (int i = 0; i < 3; ++i)
                ok = ok && (item[i] == 'x' || item[i] == 'X' || item[i] == code[i]);
            if (ok)
                return true;
        }
        if (end == expected.size())
            break;
        start = end + 1;
    }
    return false;
}

} // namespace bb::loadtest
