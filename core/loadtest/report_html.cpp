#include "loadtest/report_html.h"

#include "loadtest/report_format.h"
#include "loadtest/report_svg.h"
#include "loadtest/report_text.h"
#include "loadtest/secrets.h"

namespace bb::loadtest {

namespace {

using report::htmlEscape;

// Colours chosen to stay apart for common colour blindness and to print in grey.
const char *const kBlue = "#2563eb", *const kOrange = "#ea580c", *const kRed = "#dc2626",
                  *const kPurple = "#7c3aed", *const kGrey = "#6b7280";

const char *const kStyle = R"(<style>
:root{color-scheme:light dark}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:820px;
 padding:0 16px;color:#111;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#555;margin:0 0 16px;word-break:break-all}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px}
.figure{border:1px solid #ddd;border-radius:6px;padding:8px 10px}
.figure b{display:block;font-size:20px}.figure span{color:#555;font-size:12px}
table{border-collapse:collapse;width:100%}th,td{text-align:right;padding:4px 8px;
 border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}
.pass{color:#15803d;font-weight:600}.fail{color:#b91c1c;font-weight:600}
svg.chart{display:block;max-width:100%;height:auto;margin:8px 0}
svg .title{font-size:13px;font-weight:600;fill:currentColor}
svg .axis,svg .legend{font-size:11px;fill:#555}svg .grid{stroke:#e5e7eb;stroke-width:1}
svg .bar{fill:#2563eb}
pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:12px}
@media (prefers-color-scheme:dark){body{color:#eee;background:#16181c}.sub,.figure span,
 svg .axis,svg .legend{color:#aaa;fill:#aaa}.figure{border-color:#333}th,td{border-color:#2a2a2a}
 svg .grid{stroke:#2a2d33}pre{background:#22252b}}
</style>)";

std::string figure(const std::string &value, const std::string &label)
{
    return "<div class=\"figure\"><b>" + htmlEscape(value) + "</b><span>" + htmlEscape(label) +
           "</span></div>";
}

std::string row(std::initializer_list<std::string> cells, bool header = false)
{
    std::string out = "<tr>";
    for (const std::string &c : cells)
        out += (header ? "<th>" : "<td>") + htmlEscape(c) + (header ? "</th>" : "</td>");
    return out + "</tr>";
}

std::string modeText(const Scenario &sc)
{
    std::string text = sc.model == Model::Open ? "Open model" : "Closed model";
    if (!sc.stages.empty()) {
        text += ", stages ";
        for (std::size_t i = 0; i < sc.stages.size(); ++i) {
            if (i)
                text += ',';
            text += report::number(sc.stages[i].seconds);
            text += "s:";
            text += report::number(sc.stages[i].target);
        }
    } else if (sc.model == Model::Open) {
        text += ", " + report::number(sc.rate) + " req/s for " +
                report::number(sc.durationSeconds) + " s";
    } else {
        text += ", " + std::to_string(sc.connections) + " connections";
        if (sc.maxRequests > 0)
            text += ", " + std::to_string(sc.maxRequests) + " requests";
        else
            text += " for " + report::number(sc.durationSeconds) + " s";
    }
    if (sc.model == Model::Closed && sc.thinkTimeMs > 0)
        text += ", think time " + report::duration(sc.thinkTimeMs);
    return text;
}

} // namespace

double sampleIntervalSeconds(const std::vector<Sample> &samples, std::size_t i)
{
    const double gap = i == 0 ? samples[0].tSeconds : samples[i].tSeconds - samples[i - 1].tSeconds;
    return gap > 1e-6 ? gap : 0.25;
}

std::string htmlReport(const Scenario &scenario, const Summary &s,
                       const std::vector<Sample> &samples, const std::string &title,
                       const std::string &when)
{
    // Nothing below prints a header value today; masking first keeps it so if one is added.
    const Scenario sc = withMaskedCredentials(scenario);
    const std::string heading = title.empty() ? std::string("Load test report") : title;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                      "<title>" +
                      htmlEscape(heading) + "</title>" + kStyle + "</head><body>\n";
    out += "<h1>" + htmlEscape(heading) + "</h1>\n<p class=\"sub\">";
    for (std::size_t i = 0; i < sc.requests.size() && i < 5; ++i)
        out += (i ? "<br>" : "") + htmlEscape(sc.requests[i].method + " " + sc.requests[i].url);
    if (sc.requests.size() > 5)
        out += "<br>… and " + std::to_string(sc.requests.size() - 5) + " more";
    out += "<br>" + htmlEscape(modeText(sc));
    if (!when.empty())
        out += "<br>" + htmlEscape(when);
    out += "</p>\n";

    const double errorRate = s.requests ? double(s.errors) / double(s.requests) : 0;
    out += "<div class=\"figures\">" + figure(std::to_string(s.requests), "requests") +
           figure(report::fixed(s.rps, 1), "requests/s") +
           figure(report::fixed(errorRate * 100, 2) + " %", "errors") +
           figure(report::duration(s.corrected.p50Ms), "p50 latency") +
           figure(report::duration(s.corrected.p95Ms), "p95 latency") +
           figure(report::duration(s.corrected.p99Ms), "p99 latency") +
           figure(report::bytes(double(s.bytesIn)), "received") + "</div>\n";
    if (s.aborted)
        out += "<p class=\"fail\">Aborted: " + htmlEscape(s.abortReason) + "</p>\n";

    if (!s.thresholds.empty()) {
        out += "<h2>Thresholds: <span class=\"" +
               std::string(s.thresholdsPassed ? "pass" : "fail") + "\">" +
               (s.thresholdsPassed ? "all passed" : "failed") + "</span></h2><table>" +
               row({"threshold", "observed", "result"}, true);
        for (const ThresholdResult &t : s.thresholds) {
            out += "<tr><td>" + htmlEscape(t.threshold.text) + "</td><td>" +
                   htmlEscape(report::thresholdObserved(t.threshold, t.observed)) +
                   "</td><td class=\"" +
                   (t.passed ? "pass\">\u2713 passed" : "fail\">\u2717 failed") + "</td></tr>";
        }
        out += "</table>\n";
    }

    report::SvgSeries rps{"requests/s", kBlue, false, {}}, target{"target", kGrey, true, {}};
    report::SvgSeries p50{"p50", kBlue, false, {}}, p95{"p95", kOrange, false, {}},
        p99{"p99", kRed, false, {}}, p99u{"p99 uncorrected", kRed, true, {}};
    report::SvgSeries errors{"errors/s", kRed, false, {}}, conns{"active", kPurple, false, {}};
    bool hasTarget = false;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Sample &x = samples[i];
        rps.points.emplace_back(x.tSeconds, x.rps);
        target.points.emplace_back(x.tSeconds, x.targetRate);
        hasTarget = hasTarget || x.targetRate > 0;
        p50.points.emplace_back(x.tSeconds, x.corrected.p50Ms);
        p95.points.emplace_back(x.tSeconds, x.corrected.p95Ms);
        p99.points.emplace_back(x.tSeconds, x.corrected.p99Ms);
        p99u.points.emplace_back(x.tSeconds, x.uncorrected.p99Ms);
        errors.points.emplace_back(x.tSeconds,
                                   double(x.errors) / sampleIntervalSeconds(samples, i));
        conns.points.emplace_back(x.tSeconds, x.activeConnections);
    }
    std::vector<report::SvgSeries> throughput{rps};
    if (hasTarget)
        throughput.push_back(target);
    std::vector<report::SvgSeries> latency{p50, p95, p99};
    if (sc.model == Model::Open)
        latency.push_back(p99u);
    out += "<h2>Over time</h2>\n" + report::svgLineChart("Requests per second", throughput, "") +
           "\n" + report::svgLineChart("Latency (corrected)", latency, "ms") + "\n" +
           report::svgLineChart("Errors per second", {errors}, "") + "\n" +
           report::svgLineChart("Active connections", {conns}, "") + "\n";
    out += "<h2>Latency distribution</h2>\n" +
           report::svgHistogram("Requests by latency (corrected)", s.latency) + "\n";

    out += "<table>" + row({"latency", "corrected", "uncorrected"}, true);
    const std::pair<const char *, double LatencyStats::*> stats[] = {
        {"min", &LatencyStats::minMs},    {"mean", &LatencyStats::meanMs},
        {"p50", &LatencyStats::p50Ms},    {"p90", &LatencyStats::p90Ms},
        {"p95", &LatencyStats::p95Ms},    {"p99", &LatencyStats::p99Ms},
        {"p99.9", &LatencyStats::p999Ms}, {"max", &LatencyStats::maxMs}};
    for (const auto &[name, field] : stats)
        out += row(
            {name, report::duration(s.corrected.*field), report::duration(s.uncorrected.*field)});
    out += row({"stdev", report::duration(latencyStdevMs(s.latency)),
                report::duration(latencyStdevMs(s.uncorrectedLatency))}) +
           "</table>\n";

    out += "<h2>Responses</h2><table>" + row({"status", "count"}, true);
    for (const auto &[code, count] : s.statusCounts)
        out += row({std::to_string(code), std::to_string(count)});
    out += "</table>\n";
    if (!s.errorsByKind.empty() || s.missedSends > 0) {
        out += "<h2>Errors</h2><table>" + row({"kind", "count"}, true);
        for (const auto &[kind, count] : s.errorsByKind)
            out += row({kind, std::to_string(count)});
        if (s.missedSends > 0)
            out += row({"not sent on time", std::to_string(s.missedSends)});
        out += "</table>\n";
    }
    if (!s.checks.empty()) {
        out += "<h2>Checks</h2><table>" + row({"check", "passed", "failed"}, true);
        for (const CheckResult &c : s.checks)
            out += row({c.name, std::to_string(c.passes), std::to_string(c.fails)});
        out += "</table>\n";
    }
    out += "<h2>Summary text</h2><pre>" + htmlEscape(textSummary(sc, s)) + "</pre>\n";
    out += "</body></html>\n";
    return out;
}

} // namespace bb::loadtest
