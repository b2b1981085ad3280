#include "loadtest/report_k6.h"

#include "loadtest/report_format.h"
#include "loadtest/secrets.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace bb::loadtest {

namespace {

using report::number;
using report::quoted;

/// k6 durations are strings: "250ms", "10s", "1m30s".
std::string k6Duration(double seconds)
{
    if (seconds <= 0)
        return "0s";
    const double ms = std::round(seconds * 1000.0);
    if (std::fmod(ms, 1000.0) != 0)
        return report::fixed(ms, 0) + "ms";
    return report::fixed(ms / 1000.0, 0) + "s";
}

std::string indent(int n)
{
    return std::string(std::size_t(n), ' ');
}

std::string stagesJs(const std::vector<Stage> &stages, int depth)
{
    std::string out = "[\n";
    for (const Stage &s : stages) {
        out += indent(depth + 4) + "{ duration: " + quoted(k6Duration(s.seconds)) +
               ", target: " + number(std::round(s.target)) + " },\n";
    }
    return out + indent(depth) + "]";
}

std::string scenarioJs(const Scenario &sc)
{
    const int vus = std::max(1, sc.connections);
    std::string o = "{\n";
    auto field = [&o](const std::string &name, const std::string &value) {
        o += indent(12) + name + ": " + value + ",\n";
    };
    if (sc.model == Model::Open) {
        // Arrival-rate executors need VUs ready to send; our connections are that pool.
        double peak = sc.rate;
        for (const Stage &s : sc.stages)
            peak = std::max(peak, s.target);
        if (sc.stages.empty()) {
            field("executor", quoted("constant-arrival-rate"));
            field("rate", number(std::round(sc.rate)));
            field("timeUnit", quoted("1s"));
            field("duration", quoted(k6Duration(sc.durationSeconds)));
        } else {
            field("executor", quoted("ramping-arrival-rate"));
            field("startRate", "0");
            field("timeUnit", quoted("1s"));
            field("stages", stagesJs(sc.stages, 12));
        }
        field("preAllocatedVUs", std::to_string(vus));
        field("maxVUs", std::to_string(std::max<long long>(vus, std::llround(peak))));
    } else if (!sc.stages.empty()) {
        field("executor", quoted("ramping-vus"));
        field("startVUs", "0");
        field("stages", stagesJs(sc.stages, 12));
        field("gracefulRampDown", quoted("0s"));
    } else if (sc.maxRequests > 0) {
        field("executor", quoted("shared-iterations"));
        field("vus", std::to_string(vus));
        field("iterations", std::to_string(sc.maxRequests));
        // Our run stops at whichever comes first; k6's limit for this executor is maxDuration.
        field("maxDuration", quoted(k6Duration(std::max(sc.durationSeconds, 1.0))));
    } else {
        field("executor", quoted("constant-vus"));
        field("vus", std::to_string(vus));
        field("duration", quoted(k6Duration(sc.durationSeconds)));
    }
    return o + indent(8) + "}";
}

std::string thresholdsJs(const Scenario &sc)
{
    // k6 groups thresholds by metric; keep their order of first appearance.
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> byMetric;
    for (const Threshold &t : sc.thresholds) {
        const std::string metric = report::k6Metric(t);
        if (!byMetric.count(metric))
            order.push_back(metric);
        const std::string expr = quoted(report::k6Expression(t));
        byMetric[metric].push_back(t.abortOnFail ? "{ threshold: " + expr + ", abortOnFail: true }"
                                                 : expr);
    }
    std::string out = "{\n";
    for (const std::string &metric : order) {
        out += indent(8) + metric + ": [";
        const auto &list = byMetric[metric];
        for (std::size_t i = 0; i < list.size(); ++i)
            out += (i ? ", " : "") + list[i];
        out += "],\n";
    }
    return out + indent(4) + "}";
}

std::string checkName(const Check &c)
{
    if (!c.name.empty())
        return c.name;
    switch (c.kind) {
    case Check::Kind::Status:
        return "status is " + (c.expected.empty() ? std::string("received") : c.expected);
    case Check::Kind::Header:
        return "header " + c.target + (c.expected.empty() ? " exists" : " is " + c.expected);
    case Check::Kind::BodyContains:
        return "body contains " + c.expected;
    case Check::Kind::JsonPath:
        return c.target + (c.expected.empty() ? " exists" : " is " + c.expected);
    }
    return "check";
}

std::string checkJs(const Check &c)
{
    switch (c.kind) {
    case Check::Kind::Status:
        return "(r) => statusMatches(r.status, " + quoted(c.expected) + ")";
    case Check::Kind::Header:
        return "(r) => valueMatches(headerOf(r, " + quoted(c.target) + "), " + quoted(c.expected) +
               ")";
    case Check::Kind::BodyContains:
        return "(r) => typeof r.body === 'string' && r.body.includes(" + quoted(c.expected) + ")";
    case Check::Kind::JsonPath:
        return "(r) => valueMatches(jsonAt(r, " + jsonPathSteps(c.target) + "), " +
               quoted(c.expected) + ")";
    }
    return "() => true";
}

std::string rowsJson(const Scenario &sc)
{
    std::string out = "[";
    for (std::size_t i = 0; i < sc.dataRows.size(); ++i) {
        out += i ? ",\n    {" : "\n    {";
        bool first = true;
        for (const auto &[key, value] : sc.dataRows[i]) {
            out += (first ? "" : ", ") + quoted(key) + ": " + quoted(value);
            first = false;
        }
        out += "}";
    }
    return out + (sc.dataRows.empty() ? "]" : "\n]");
}

const char *const kHelpers = R"JS(
// {{name}} placeholders take their value from the data row; unknown names stay as written.
function fill(text, row) {
    if (!row || !text) return text;
    return text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (m, k) => (k in row ? String(row[k]) : m));
}

// "200,201", "2xx" or empty (any answer).
function statusMatches(status, expected) {
    if (!expected) return status > 0;
    return expected.split(',').some((e) => {
        e = e.trim().toLowerCase();
        if (/^[1-5]xx$/.test(e)) return Math.floor(status / 100) === Number(e[0]);
        return Number(e) === status;
    });
}

// Empty expected means "present"; otherwise compare as text.
function valueMatches(value, expected) {
    if (value === undefined || value === null) return false;
    if (!expected) return true;
    return (typeof value === 'object' ? JSON.stringify(value) : String(value)) === expected;
}

function headerOf(r, name) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(r.headers)) {
        if (key.toLowerCase() === wanted) return r.headers[key];
    }
    return undefined;
}

function jsonAt(r, steps) {
    let value;
    try {
        value = JSON.parse(r.body);
    } catch (e) {
        return undefined;
    }
    for (const step of steps) {
        if (value === undefined || value === null) return undefined;
        value = value[step];
    }
    return value;
}
)JS";

} // namespace

std::string jsonPathSteps(const std::string &path)
{
    std::string p = path;
    if (!p.empty() && p[0] == '$')
        p.erase(0, 1);
    std::string out = "[";
    bool first = true;
    auto emit = [&](const std::string &step, bool index) {
        out += (first ? "" : ", ") + (index ? step : quoted(step));
        first = false;
    };
    std::size_t i = 0;
    while (i < p.size()) {
        if (p[i] == '.') {
            ++i;
            continue;
        }
        if (p[i] == '[') {
            const std::size_t close = p.find(']', i);
            if (close == std::string::npos) {
                emit(p.substr(i), false);
                break;
            }
            std::string inner = p.substr(i + 1, close - i - 1);
            const bool digits =
                !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                });
            if (!digits && inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"'))
                inner = inner.substr(1, inner.size() - 2);
            emit(inner, digits);
            i = close + 1;
            continue;
        }
        const std::size_t end = p.find_first_of(".[", i);
        emit(p.substr(i, end == std::string::npos ? std::string::npos : end - i), false);
        i = end == std::string::npos ? p.size() : end;
    }
    return out + "]";
}

std::vector<std::string> k6Caveats(const Scenario &sc)
{
    std::vector<std::string> out;
    if (sc.pipeline > 1)
        out.push_back("HTTP/1.1 pipelining (depth " + std::to_string(sc.pipeline) +
                      ") has no k6 equivalent; k6 sends one request per connection at a time.");
    if (sc.threads > 0)
        out.push_back("The worker thread count does not apply: k6 schedules VUs itself.");
    if (sc.model == Model::Open && sc.thinkTimeMs > 0)
        out.push_back("Think time is dropped in the open model: arrivals are paced by the rate.");
    return out;
}

namespace {

// A credential header's value as the script reads it: from the environment, never the file.
struct Credential {
    std::string header, value, variable;
};

std::vector<Credential> credentials(const Scenario &sc)
{
    std::vector<Credential> out;
    for (const RequestSpec &r : sc.requests) {
        for (const auto &[name, value] : r.headers) {
            // "Bearer {{token}}" holds no secret: the rows fill it, and stay as they are.
            if (!isCredentialHeader(name) || maskCredential(name, value) == value)
                continue;
            const bool known = std::any_of(out.begin(), out.end(), [&](const Credential &c) {
                return c.header == name && c.value == value;
            });
            if (known)
                continue;
            // Two requests with different tokens under one header name get NAME, NAME_2, …
            std::string variable = environmentName(name);
            int n = 1;
            while (std::any_of(out.begin(), out.end(),
                               [&](const Credential &c) { return c.variable == variable; }))
                variable = environmentName(name) + "_" + std::to_string(++n);
            out.push_back({name, value, variable});
        }
    }
    return out;
}

std::string variableFor(const std::vector<Credential> &creds, const std::string &name,
                        const std::string &value)
{
    for (const Credential &c : creds) {
        if (c.header == name && c.value == value)
            return c.variable;
    }
    return {};
}

// "Bearer …" for the usage line: the scheme word, not the secret, quoted for a POSIX shell.
std::string exampleValue(const Credential &c)
{
    const std::string masked = maskCredential(c.header, c.value);
    std::string out;
    for (std::size_t i = 0; i < masked.size(); ++i) {
        if (masked.compare(i, kSecretMask.size(), kSecretMask) == 0) {
            out += "\u2026";
            i += kSecretMask.size() - 1;
        } else {
            out += masked[i] == '\'' ? std::string("'\\''") : std::string(1, masked[i]);
        }
    }
    return out;
}

} // namespace

std::string k6Script(const Scenario &sc)
{
    const std::vector<Credential> creds = credentials(sc);
    std::string usage;
    for (const Credential &c : creds)
        usage += "-e " + c.variable + "='" + exampleValue(c) + "' ";
    std::string out = "// A k6 script exported by Backbench from a load test scenario.\n"
                      "// Run it with:   k6 run " +
                      usage +
                      "script.js\n"
                      "// Distributed:   a k6-operator TestRun with `parallelism` (see Backbench's "
                      "docs/loadtest.md).\n";
    for (const std::string &c : k6Caveats(sc))
        out += "// Note: " + c + "\n";
    if (!creds.empty())
        out += "// Credentials are not written into this script: pass them with -e as above.\n";
    out += "import http from 'k6/http';\n"
           "import exec from 'k6/execution';\n"
           "import { check, sleep } from 'k6';\n"
           "import { SharedArray } from 'k6/data';\n\n";

    out += "// Data rows fill {{name}} placeholders: row i goes with request i, cycling.\n";
    out += "const rows = new SharedArray('rows', () => " + rowsJson(sc) + ");\n\n";

    if (!creds.empty()) {
        out += "// Fail at once, not with 401s, when a credential was not passed.\nfor (const name "
               "of [";
        for (std::size_t i = 0; i < creds.size(); ++i)
            out += (i ? ", " : "") + quoted(creds[i].variable);
        out += "]) {\n    if (!__ENV[name]) throw new Error(`pass ${name}: k6 run -e ${name}='...' "
               "script.js`);\n}\n\n";
    }
    out += "const requests = [\n";
    for (const RequestSpec &r : sc.requests) {
        out += "    {\n        name: " + quoted(r.name.empty() ? r.method + " " + r.url : r.name) +
               ",\n        method: " + quoted(r.method) + ",\n        url: " + quoted(r.url) +
               ",\n        headers: {";
        for (std::size_t i = 0; i < r.headers.size(); ++i) {
            const auto &[name, value] = r.headers[i];
            const std::string variable = variableFor(creds, name, value);
            out += (i ? ", " : " ") + quoted(name) + ": " +
                   (variable.empty() ? quoted(value) : "__ENV." + variable);
        }
        out += r.headers.empty() ? "},\n" : " },\n";
        out += "        body: " + (r.body.empty() ? std::string("null") : quoted(r.body)) + ",\n";
        out += "        weight: " + number(r.weight) + ",\n    },\n";
    }
    out += "];\n\n";

    out += "export const options = {\n";
    if (sc.insecureTls)
        out += "    insecureSkipTLSVerify: true,\n";
    out += "    scenarios: {\n        backbench: " + scenarioJs(sc) + ",\n    },\n";
    out += "    thresholds: " + thresholdsJs(sc) + ",\n";
    out += "};\n";
    out += kHelpers;

    out += "\nconst totalWeight = requests.reduce((sum, r) => sum + r.weight, 0);\n\n"
           "function pick(n) {\n";
    if (sc.weighted) {
        out += "    // Weighted: a request's share of the load follows its weight.\n"
               "    let x = Math.random() * totalWeight;\n"
               "    for (const r of requests) {\n"
               "        x -= r.weight;\n"
               "        if (x < 0) return r;\n"
               "    }\n"
               "    return requests[requests.length - 1];\n";
    } else {
        out += "    // Round-robin over the whole test, not per VU, as Backbench does.\n"
               "    return requests[n % requests.length];\n";
    }
    out += "}\n\n";

    out += "export default function () {\n"
           "    const n = exec.scenario.iterationInTest;\n"
           "    const spec = pick(n);\n"
           "    const row = rows.length ? rows[n % rows.length] : undefined;\n"
           "    const headers = {};\n"
           "    for (const [name, value] of Object.entries(spec.headers)) headers[name] = "
           "fill(value, row);\n"
           "    const res = http.request(spec.method, fill(spec.url, row), fill(spec.body, row), "
           "{\n"
           "        headers,\n"
           "        timeout: " +
           quoted(k6Duration(sc.timeoutSeconds)) +
           ",\n"
           "        tags: { name: spec.name },\n"
           "    });\n";
    if (!sc.checks.empty()) {
        out += "    check(res, {\n";
        for (const Check &c : sc.checks)
            out += "        " + quoted(checkName(c)) + ": " + checkJs(c) + ",\n";
        out += "    });\n";
    }
    if (sc.model == Model::Closed && sc.thinkTimeMs > 0)
        out += "    sleep(" + number(sc.thinkTimeMs / 1000.0) + ");\n";
    out += "}\n";
    return out;
}

} // namespace bb::loadtest
