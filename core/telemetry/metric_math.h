// bb::telemetry — the arithmetic of Prometheus queries on scraped samples: histogram_quantile over
// cumulative buckets, and increase/rate of counters across resets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace bb::telemetry {

/// One cumulative histogram bucket: observations <= upperBound.
struct BucketCount {
    double upperBound = 0;
    double count = 0;
};

/// A value at a time (ms since the Unix epoch).
struct TimedValue {
    std::int64_t tMs = 0;
    double value = 0;

    bool operator==(const TimedValue &) const = default;
};

/// The q-quantile of a histogram as Prometheus's histogram_quantile computes it: buckets sorted
/// by bound, equal bounds merged, counts forced monotonic; linear interpolation inside the bucket
/// holding rank q·count, the lowest bucket starting at 0 (or its bound itself when <= 0), a rank in
/// the +Inf bucket answering the highest finite bound. NaN for q = NaN, no +Inf bucket, fewer than
/// two buckets or no observations; -Inf for q < 0 and +Inf for q > 1.
double histogramQuantile(double q, std::vector<BucketCount> buckets);

/// How much a counter grew over `points` (oldest first). A drop means the counter restarted from
/// zero, so the value before the drop is added, as Prometheus does. No extrapolation to the
/// edges of a window: the increase is exactly what the samples saw.
double counterIncrease(std::span<const TimedValue> points);

/// counterIncrease per second between the first and the last point; nullopt with fewer than two
/// points or when they share a timestamp.
std::optional<double> counterRate(std::span<const TimedValue> points);

/// For each consecutive pair of points, the rate between them, stamped at the later one (what a
/// chart of a counter shows at the scrape resolution).
std::vector<TimedValue> stepRates(std::span<const TimedValue> points);

} // namespace bb::telemetry
