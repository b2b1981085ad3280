#include "loadtest/report_json.h"

#include "loadtest/report_format.h"
#include "loadtest/secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace bb::loadtest {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// k6 writes trend values as plain floats; rounding to the microsecond keeps the file readable
// without losing anything the histogram (1 µs resolution) knows.
double ms(double v)
{
    return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0;
}

QJsonObject trend(const LatencyStats &s)
{
    return QJsonObject{{"avg", ms(s.meanMs)},  {"min", ms(s.minMs)},     {"med", ms(s.p50Ms)},
                       {"max", ms(s.maxMs)},   {"p(90)", ms(s.p90Ms)},   {"p(95)", ms(s.p95Ms)},
                       {"p(99)", ms(s.p99Ms)}, {"p(99.9)", ms(s.p999Ms)}};
}

QJsonObject counter(double count, double seconds)
{
    return QJsonObject{{"count", count}, {"rate", seconds > 0 ? count / seconds : 0.0}};
}

QJsonObject scenarioJson(const Scenario &sc)
{
    QJsonArray requests;
    for (const RequestSpec &r : sc.requests) {
        QJsonObject headers;
        for (const auto &[name, value] : r.headers)
            headers.insert(qs(name), qs(value));
        QJsonObject o{{"name", qs(r.name)}, {"method", qs(r.method)}, {"url", qs(r.url)}};
        if (!r.headers.empty())
            o.insert("headers", headers);
        if (!r.body.empty())
            o.insert("body", qs(r.body));
        if (sc.weighted)
            o.insert("weight", r.weight);
        requests.append(o);
    }
    QJsonArray stages;
    for (const Stage &s : sc.stages)
        stages.append(QJsonObject{{"seconds", s.seconds}, {"target", s.target}});
    QJsonObject o{{"model", sc.model == Model::Open ? "open" : "closed"},
                  {"requests", requests},
                  {"connections", sc.connections},
                  {"durationSeconds", sc.durationSeconds},
                  {"timeoutSeconds", sc.timeoutSeconds}};
    if (sc.model == Model::Open)
        o.insert("rate", sc.rate);
    if (sc.thinkTimeMs > 0)
        o.insert("thinkTimeMs", sc.thinkTimeMs);
    if (sc.maxRequests > 0)
        o.insert("maxRequests", double(sc.maxRequests));
    if (!stages.isEmpty())
        o.insert("stages", stages);
    return o;
}

} // namespace

std::string summaryJson(const Scenario &scenario, const Summary &summary,
                        const std::vector<Sample> &samples)
{
    const double secs = summary.durationSeconds;
    QJsonObject metrics;

    metrics.insert("http_reqs", counter(double(summary.requests), secs));
    metrics.insert("iterations", counter(double(summary.requests), secs));
    metrics.insert("http_req_duration", trend(summary.corrected));
    metrics.insert("http_req_duration_uncorrected", trend(summary.uncorrected));
    // k6's Rate metrics count "true" values as passes: for http_req_failed a pass is a failure.
    const double failRate =
        summary.requests ? double(summary.errors) / double(summary.requests) : 0;
    metrics.insert("http_req_failed",
                   QJsonObject{{"passes", double(summary.errors)},
                               {"fails", double(summary.requests -
                                                std::min(summary.requests, summary.errors))},
                               {"value", failRate},
                               {"rate", failRate}});
    metrics.insert("data_received", counter(double(summary.bytesIn), secs));
    metrics.insert("data_sent", counter(double(summary.bytesOut), secs));
    if (scenario.model == Model::Open)
        metrics.insert("dropped_iterations", counter(double(summary.missedSends), secs));

    int vusMin = samples.empty() ? 0 : samples.front().activeConnections;
    int vusMax = 0;
    for (const Sample &s : samples) {
        vusMin = std::min(vusMin, s.activeConnections);
        vusMax = std::max(vusMax, s.activeConnections);
    }
    const int vusLast = samples.empty() ? 0 : samples.back().activeConnections;
    metrics.insert("vus", QJsonObject{{"value", vusLast}, {"min", vusMin}, {"max", vusMax}});
    metrics.insert("vus_max", QJsonObject{{"value", vusMax}, {"min", vusMax}, {"max", vusMax}});

    std::uint64_t checkPasses = 0, checkFails = 0;
    QJsonObject checks;
    for (const CheckResult &c : summary.checks) {
        checkPasses += c.passes;
        checkFails += c.fails;
        checks.insert(qs(c.name), QJsonObject{{"name", qs(c.name)},
                                              {"path", qs("::" + c.name)},
                                              {"passes", double(c.passes)},
                                              {"fails", double(c.fails)}});
    }
    if (!summary.checks.empty()) {
        const double total = double(checkPasses + checkFails);
        metrics.insert("checks", QJsonObject{{"passes", double(checkPasses)},
                                             {"fails", double(checkFails)},
                                             {"value", total > 0 ? checkPasses / total : 0.0},
                                             {"rate", total > 0 ? checkPasses / total : 0.0}});
    }

    // Each threshold joins the k6 metric it constrains, under its k6 spelling.
    for (const ThresholdResult &t : summary.thresholds) {
        const QString metric = qs(report::k6Metric(t.threshold));
        QJsonObject m = metrics.value(metric).toObject();
        QJsonObject th = m.value("thresholds").toObject();
        th.insert(qs(report::k6Expression(t.threshold)),
                  QJsonObject{{"ok", t.passed},
                              {"observed", t.observed},
                              {"source", qs(t.threshold.text)}});
        m.insert("thresholds", th);
        metrics.insert(metric, m);
    }

    QJsonObject statuses;
    for (const auto &[code, count] : summary.statusCounts)
        statuses.insert(QString::number(code), double(count));
    QJsonObject errors;
    for (const auto &[kind, count] : summary.errorsByKind)
        errors.insert(qs(kind), double(count));
    QJsonObject ours{{"statusCounts", statuses},
                     {"errorsByKind", errors},
                     {"requests", double(summary.requests)},
                     {"errors", double(summary.errors)},
                     {"rps", summary.rps},
                     {"missedSends", double(summary.missedSends)},
                     {"durationSeconds", secs},
                     {"thresholdsPassed", summary.thresholdsPassed},
                     {"aborted", summary.aborted},
                     {"scenario", scenarioJson(withMaskedCredentials(scenario))},
                     {"samples", int(samples.size())}};
    if (summary.aborted)
        ours.insert("abortReason", qs(summary.abortReason));

    const QJsonObject root{
        {"root_group", QJsonObject{{"name", ""},
                                   {"path", ""},
                                   {"id", "d41d8cd98f00b204e9800998ecf8427e"},
                                   {"groups", QJsonObject{}},
                                   {"checks", checks}}},
        {"metrics", metrics},
        {"state", QJsonObject{{"testRunDurationMs", secs * 1000.0}, {"isStdOutTTY", false}}},
        {"backbench", ours}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace bb::loadtest
