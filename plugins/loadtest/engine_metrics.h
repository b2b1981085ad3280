// bb::plugins::loadtest — "the server's own view" during a run: the embedded engine's request
// rate and p99 from two scrapes of its /metrics, read with bb::telemetry's Prometheus parser:
// http_requests_total and the http_request_duration_seconds buckets, summed over routes,
// without the scrapes' own route.
#pragma once

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace bb::plugins::loadtest {

/// The totals of one scrape.
struct EngineScrape {
    double requests = 0; ///< sum of http_requests_total
    /// (upper bound in seconds, cumulative count) of http_request_duration_seconds, summed over
    /// routes, ordered by bound; +Inf last.
    std::vector<std::pair<double, double>> buckets;
    bool valid = false; ///< both families were found
};

/// Reads the totals from Prometheus text (0.0.4); invalid text gives valid = false (a scrape
/// is advisory, never fatal).
EngineScrape parseEngineScrape(QByteArrayView text);

/// Prometheus' histogram_quantile over the bucket deltas between two scrapes, in ms (linear
/// within the bucket, the highest finite bound for the +Inf bucket); 0 when no request
/// finished between them.
double quantileBetweenMs(const EngineScrape &before, const EngineScrape &after, double q);

} // namespace bb::plugins::loadtest
