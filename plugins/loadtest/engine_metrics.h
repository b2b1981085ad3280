// bb::plugins::loadtest — "the server's own view" during a run: the embedded engine's request
// rate and p99 from two scrapes of its /metrics. Only the two series needed are read
// (http_requests_total and http_request_duration_seconds_bucket, summed over routes, without
// the scrape's own route); the full Prometheus parser lives with the Metrics panel.
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

/// Reads the totals from Prometheus text (0.0.4). Lines it does not need are skipped; a
/// malformed sample line is skipped too (a scrape is advisory, never fatal).
EngineScrape parseEngineScrape(QByteArrayView text);

/// Prometheus' histogram_quantile over the bucket deltas between two scrapes, in ms (linear
/// within the bucket); 0 when no request finished between them.
double quantileBetweenMs(const EngineScrape &before, const EngineScrape &after, double q);

} // namespace bb::plugins::loadtest
