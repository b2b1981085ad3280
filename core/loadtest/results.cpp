#include "loadtest/results.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace bb::loadtest {

LatencyStats LatencyStats::from(const Histogram &h)
{
    LatencyStats s;
    if (h.count() == 0)
        return s;
    auto ms = [](std::int64_t us) { return double(us) / 1000.0; };
    s.minMs = ms(h.min());
    s.meanMs = h.mean() / 1000.0;
    s.maxMs = ms(h.max());
    // All five quantiles in one walk over the buckets (this runs 8 times a second).
    const double qs[5] = {0.50, 0.90, 0.95, 0.99, 0.999};
    double *out[5] = {&s.p50Ms, &s.p90Ms, &s.p95Ms, &s.p99Ms, &s.p999Ms};
    std::uint64_t wanted[5];
    for (int i = 0; i < 5; ++i)
        wanted[i] = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(qs[i] * double(h.count()))));
    int next = 0;
    std::uint64_t seen = 0;
    h.forEachBucket([&](std::int64_t, std::int64_t high, std::uint64_t n) {
        seen += n;
        while (next < 5 && seen >= wanted[next])
            *out[next++] = ms(std::clamp(high, h.min(), h.max()));
    });
    while (next < 5)
        *out[next++] = s.maxMs;
    return s;
}

double Summary::metricValue(const std::string &metric) const
{
    const LatencyStats &l = corrected;
    if (metric == "p50")
        return l.p50Ms;
    if (metric == "p90")
        return l.p90Ms;
    if (metric == "p95")
        return l.p95Ms;
    if (metric == "p99")
        return l.p99Ms;
    if (metric == "p99.9")
        return l.p999Ms;
    if (metric == "max")
        return l.maxMs;
    if (metric == "min")
        return l.minMs;
    if (metric == "mean")
        return l.meanMs;
    if (metric == "rps")
        return rps;
    if (metric == "error_rate") {
        // Refused connections never became requests, but they are failures the user must see.
        const auto connect = errorsByKind.count("connect") ? errorsByKind.at("connect") : 0;
        const double attempts = double(requests + connect);
        return attempts > 0 ? double(errors) / attempts : 0.0;
    }
    if (metric == "checks") {
        std::uint64_t pass = 0, all = 0;
        for (const CheckResult &c : checks) {
            pass += c.passes;
            all += c.passes + c.fails;
        }
        return all > 0 ? double(pass) / double(all) : 1.0;
    }
    if (metric.size() > 1 && metric[0] == 'p') {
        // Any other percentile (p75, p99.99) straight from the histogram.
        char *end = nullptr;
        const double p = std::strtod(metric.c_str() + 1, &end);
        if (end && *end == '\0' && p >= 0 && p <= 100)
            return double(latency.valueAtQuantile(p / 100.0)) / 1000.0;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

void evaluateThresholds(const Scenario &scenario, Summary &summary)
{
    summary.thresholds.clear();
    summary.thresholdsPassed = true;
    for (const Threshold &t : scenario.thresholds) {
        ThresholdResult r;
        r.threshold = t;
        r.observed = summary.metricValue(t.metric);
        r.passed = t.passes(r.observed);
        summary.thresholdsPassed = summary.thresholdsPassed && r.passed;
        summary.thresholds.push_back(std::move(r));
    }
}

} // namespace bb::loadtest
