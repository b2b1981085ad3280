#include "engine_metrics.h"

#include "telemetry/metric_math.h"
#include "telemetry/prometheus_text.h"

#include <cmath>
#include <limits>
#include <map>

namespace bb::plugins::loadtest {

namespace prom = bb::telemetry::prom;

namespace {
// The panel's own scrapes would otherwise show up as the server's traffic.
bool isScrape(const prom::Labels &labels)
{
    const std::string *route = prom::findLabel(labels, "route");
    return route && *route == "/metrics";
}
} // namespace

EngineScrape parseEngineScrape(QByteArrayView text)
{
    EngineScrape out;
    auto parsed = prom::parseText(std::string_view(text.data(), std::size_t(text.size())));
    const auto *exposition = std::get_if<prom::Exposition>(&parsed);
    if (!exposition)
        return out; // a scrape is advisory: a bad one is skipped, never fatal
    const prom::MetricFamily *requests = exposition->find("http_requests_total");
    const prom::MetricFamily *duration = exposition->find("http_request_duration_seconds");
    if (!requests || !duration)
        return out;
    for (const prom::Sample &s : requests->samples) {
        if (!isScrape(s.labels))
            out.requests += s.value;
    }
    std::map<double, double> buckets; // summed over routes
    for (const prom::Sample &s : duration->samples) {
        if (s.name != "http_request_duration_seconds_bucket" || isScrape(s.labels))
            continue;
        const std::string *le = prom::findLabel(s.labels, "le");
        if (const auto bound = le ? prom::parseValue(*le) : std::nullopt)
            buckets[*bound] += s.value;
    }
    out.buckets.assign(buckets.begin(), buckets.end());
    out.valid = !out.buckets.empty();
    return out;
}

double quantileBetweenMs(const EngineScrape &before, const EngineScrape &after, double q)
{
    std::vector<bb::telemetry::BucketCount> delta;
    for (const auto &[bound, count] : after.buckets) {
        double prior = 0;
        for (const auto &[b, c] : before.buckets) {
            if (b == bound)
                prior = c;
        }
        delta.push_back({bound, std::max(0.0, count - prior)});
    }
    const double seconds = bb::telemetry::histogramQuantile(q, std::move(delta));
    return std::isfinite(seconds) ? seconds * 1000.0 : 0.0; // NaN: nothing finished in between
}

} // namespace bb::plugins::loadtest
