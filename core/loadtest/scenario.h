// bb::loadtest — the load generator: what to send (requests, checks, thresholds) and how
// (closed or open model, stages). Plain structs with parsers for the command-line spellings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bb::loadtest {

/// One request of a scenario; `url` and `body` may hold `{{name}}` variables from the data rows.
struct RequestSpec {
    std::string name;
    std::string method{"GET"};
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    double weight = 1;
};

/// A check on each response; a failed check counts under errorsByKind["check"].
struct Check {
    enum class Kind { Status, Header, BodyContains, JsonPath } kind = Kind::Status;
    std::string name;
    std::string target;   ///< header name or JSON path like $.items[0].id
    std::string expected; ///< status list "200,201" or value; empty = exists
    /// "status=200,201", "header:Content-Type=application/json", "header:ETag" (exists),
    /// "body~needle", "json:$.items[0].id=7", "json:$.id" (exists). Errors name the position.
    static std::variant<Check, std::string> parse(std::string_view text);
    /// Whether a status passes a Status check ("200,201", "2xx").
    bool statusMatches(int status) const;
};

/// One linear ramp: over `seconds`, move from the previous target to this one.
struct Stage {
    double seconds = 0;
    double target = 0; ///< connections (closed) or rate per second (open)
};

/// A pass/fail criterion on the summary, evaluated at the end (and live when abortOnFail).
struct Threshold {
    std::string metric; ///< p50 p90 p95 p99 p99.9 max mean min error_rate rps checks
    char op = '<';      ///< '<' '>' or 'l' (<=) 'g' (>=)
    double value = 0;   ///< ms for latency, fraction for rates, per-second for rps
    bool abortOnFail = false;
    std::string text;
    /// "p95<200ms", "error_rate<0.01", "rps>1000", "p99<1s", "checks>=0.99"; a trailing
    /// ",abort" (or "!") sets abortOnFail. The error names the position.
    static std::variant<Threshold, std::string /*error*/> parse(std::string_view text);
    /// Whether `observed` (in the metric's unit) satisfies the threshold.
    bool passes(double observed) const;
};

enum class Model { Closed, Open };

/// Everything a run needs. Closed: `connections` virtual users each sending, waiting for the
/// answer, thinking, sending again. Open: requests are due at `rate` per second (or the stages'
/// ramped rate) whatever the server does, and latency is taken from when each was due.
struct Scenario {
    std::vector<RequestSpec> requests;
    bool weighted = false; ///< pick by weight (deterministic smooth weighted round-robin)
    Model model = Model::Closed;
    int connections = 10;
    double thinkTimeMs = 0;
    double rate = 0;
    std::vector<Stage> stages;
    double durationSeconds = 10;
    std::uint64_t maxRequests = 0; ///< closed: stop after exactly N; 0 = by time
    int threads = 0;               ///< 0 = hardware
    int pipeline = 1;
    double timeoutSeconds = 10;
    bool insecureTls = false;
    std::vector<Check> checks;
    std::vector<Threshold> thresholds;
    /// {{var}} values, row i for request i, cycling
    std::vector<std::map<std::string, std::string>> dataRows;

    /// Duration of the run: the stages' sum when there are stages, else durationSeconds.
    double plannedSeconds() const;
};

/// "10s:100,30s:100,10s:0" (units ms, s, m, h). Errors read `"10x:5" at 3: expected s, m or h`.
std::variant<std::vector<Stage>, std::string> parseStages(std::string_view text);

/// "10s", "1m30s", "250ms", "2h", or a bare number of seconds. Error names the position.
std::variant<double, std::string> parseDuration(std::string_view text);

} // namespace bb::loadtest
