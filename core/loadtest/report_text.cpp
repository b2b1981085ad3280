#include "loadtest/report_text.h"

#include "loadtest/report_format.h"

#include <cmath>
#include <cstdio>

namespace bb::loadtest {

namespace {

std::string pad(std::string s, std::size_t width)
{
    // Right-aligned like wrk's columns; the strings here are ASCII.
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string modeLine(const Scenario &sc)
{
    std::string line;
    if (sc.model == Model::Open) {
        line = "open model, ";
        line += sc.stages.empty() ? report::fixed(sc.rate, 0) + " req/s" : "staged arrival rate";
    } else {
        line = "closed model, ";
        line += sc.stages.empty() ? std::to_string(sc.connections) + " connections"
                                  : "staged connections";
        if (sc.thinkTimeMs > 0)
            line += ", think time " + report::duration(sc.thinkTimeMs);
        if (sc.maxRequests > 0)
            line += ", " + std::to_string(sc.maxRequests) + " requests";
    }
    return line;
}

} // namespace

double latencyStdevMs(const Histogram &h)
{
    const double n = double(h.count());
    if (n < 2)
        return 0;
    const double meanUs = h.mean();
    double sum = 0;
    h.forEachBucket([&](std::int64_t low, std::int64_t high, std::uint64_t count) {
        const double mid = (double(low) + double(high)) / 2.0;
        sum += double(count) * (mid - meanUs) * (mid - meanUs);
    });
    return std::sqrt(sum / n) / 1000.0;
}

std::string textSummary(const Scenario &sc, const Summary &s)
{
    std::string out;
    const std::string target = sc.requests.empty()
                                   ? std::string("(no request)")
                                   : sc.requests.front().method + " " + sc.requests.front().url;
    out += "Ran " + report::fixed(s.durationSeconds, 2) + "s test @ " + target;
    if (sc.requests.size() > 1)
        out += " (+" + std::to_string(sc.requests.size() - 1) + " more)";
    out += "\n  " + modeLine(sc) + "\n";

    out += "  Stats    " + pad("Avg", 10) + pad("Stdev", 10) + pad("Max", 10) + "\n";
    out += "    Latency " + pad(report::duration(s.corrected.meanMs), 10) +
           pad(report::duration(latencyStdevMs(s.latency)), 10) +
           pad(report::duration(s.corrected.maxMs), 10) + "\n";

    out += "  Latency Distribution (corrected / uncorrected)\n";
    // The summary's stats hold 50/90/99/99.9; 75 % comes from the merged histograms.
    const double p75 = double(s.latency.valueAtQuantile(0.75)) / 1000.0;
    const double p75u = double(s.uncorrectedLatency.valueAtQuantile(0.75)) / 1000.0;
    const struct {
        const char *label;
        double corrected;
        double uncorrected;
    } rows[] = {{"50%", s.corrected.p50Ms, s.uncorrected.p50Ms},
                {"75%", p75, p75u},
                {"90%", s.corrected.p90Ms, s.uncorrected.p90Ms},
                {"99%", s.corrected.p99Ms, s.uncorrected.p99Ms},
                {"99.9%", s.corrected.p999Ms, s.uncorrected.p999Ms}};
    for (const auto &r : rows) {
        out += pad(r.label, 9) + pad(report::duration(r.corrected), 11) +
               pad(report::duration(r.uncorrected), 11) + "\n";
    }

    out += "  " + std::to_string(s.requests) + " requests in " +
           report::fixed(s.durationSeconds, 2) + "s, " + report::bytes(double(s.bytesIn)) +
           " read\n";
    std::uint64_t non2xx = 0;
    for (const auto &[code, count] : s.statusCounts) {
        if (code < 200 || code >= 400)
            non2xx += count;
    }
    if (non2xx > 0)
        out += "  Non-2xx or 3xx responses: " + std::to_string(non2xx) + "\n";
    if (!s.errorsByKind.empty()) {
        out += "  Errors:";
        bool first = true;
        for (const auto &[kind, count] : s.errorsByKind) {
            out += (first ? " " : ", ") + kind + " " + std::to_string(count);
            first = false;
        }
        out += "\n";
    }
    if (sc.model == Model::Open && s.missedSends > 0)
        out += "  Not sent on time: " + std::to_string(s.missedSends) + "\n";
    for (const CheckResult &c : s.checks) {
        out += std::string("  ") + (c.fails == 0 ? "\u2713 " : "\u2717 ") + c.name + ": " +
               std::to_string(c.passes) + " passed, " + std::to_string(c.fails) + " failed\n";
    }
    out += "Requests/sec: " + pad(report::fixed(s.rps, 2), 10) + "\n";
    const double transfer = s.durationSeconds > 0 ? double(s.bytesIn) / s.durationSeconds : 0;
    out += "Transfer/sec: " + pad(report::bytes(transfer), 10) + "\n";

    if (!s.thresholds.empty()) {
        out += "Thresholds:\n";
        for (const ThresholdResult &t : s.thresholds) {
            out += std::string("  ") + (t.passed ? "\u2713 " : "\u2717 ") + t.threshold.text +
                   "  (observed " + report::thresholdObserved(t.threshold, t.observed) + ")\n";
        }
    }
    if (s.aborted)
        out += "Aborted: " + s.abortReason + "\n";
    return out;
}

} // namespace bb::loadtest
