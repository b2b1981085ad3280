#include "loadtest/report_format.h"

#include "common/json.h"

#include <cmath>
#include <cstdio>

namespace bb::loadtest::report {

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        value = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string number(double value)
{
    if (!std::isfinite(value))
        return "0";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return fixed(value, 0);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    std::string s = buf;
    // %g switches to exponent form for small or big values; JSON accepts it, humans less so.
    if (s.find('e') != std::string::npos) {
        s = fixed(value, 9);
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
    }
    return s;
}

std::string duration(double ms)
{
    if (!std::isfinite(ms) || ms < 0)
        ms = 0;
    if (ms < 1)
        return fixed(ms * 1000.0, 0) + "us";
    if (ms < 1000)
        return fixed(ms, 2) + "ms";
    if (ms < 60'000)
        return fixed(ms / 1000.0, 2) + "s";
    return fixed(ms / 60'000.0, 2) + "m";
}

std::string bytes(double count)
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (count >= 1024 && unit < 4) {
        count /= 1024;
        ++unit;
    }
    return unit == 0 ? fixed(count, 0) + units[0] : fixed(count, 2) + units[unit];
}

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string quoted(std::string_view text)
{
    // JSON string rules, plus the escapes for embedding in an inline script (see
    // json::appendScriptQuoted).
    std::string out;
    out.reserve(text.size() + 2);
    json::appendScriptQuoted(out, text);
    return out;
}

std::string opText(char op)
{
    switch (op) {
    case 'l':
        return "<=";
    case 'g':
        return ">=";
    default:
        return std::string(1, op);
    }
}

bool isLatencyMetric(std::string_view m)
{
    return m == "min" || m == "max" || m == "mean" || (m.size() > 1 && m[0] == 'p');
}

std::string k6Metric(const Threshold &t)
{
    if (isLatencyMetric(t.metric))
        return "http_req_duration";
    if (t.metric == "error_rate")
        return "http_req_failed";
    if (t.metric == "rps")
        return "http_reqs";
    if (t.metric == "checks")
        return "checks";
    return t.metric;
}

std::string k6Expression(const Threshold &t)
{
    std::string aggregate;
    if (t.metric == "mean")
        aggregate = "avg";
    else if (t.metric == "min" || t.metric == "max")
        aggregate = t.metric;
    else if (t.metric == "p50")
        aggregate = "med";
    else if (isLatencyMetric(t.metric))
        aggregate = "p(" + t.metric.substr(1) + ")";
    else
        aggregate = "rate"; // error_rate, rps and checks are all rates in k6
    return aggregate + opText(t.op) + number(t.value);
}

std::string thresholdObserved(const Threshold &t, double observed)
{
    if (isLatencyMetric(t.metric))
        return duration(observed);
    if (t.metric == "rps")
        return fixed(observed, 2) + "/s";
    return number(std::round(observed * 1e6) / 1e6);
}

} // namespace bb::loadtest::report
